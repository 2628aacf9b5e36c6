"""Searching posts: matching, narrowing by facets, counting, ranking and marking the words found.

``search()`` is what the reader's page and the API call; it needs no request.
A query is matched exactly first: every word in one of its forms (its stem, a
derived verb's other forms, editors' equivalents). Only when that finds fewer than
a page of results are close matches looked for: posts found by a word's close terms
(root family, sound key) or by the start of the word still being typed, so that
Zaitouneh finds Zeitouneh; and when neither finds anything and the query has
several words, posts with any of them. Close matches are never ranked among exact
ones: with no exact match they are the results, under a heading that says so;
with a few, the first of them are listed apart after them.
"""

import dataclasses
import functools
import hashlib
import heapq
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation

from bayan.archives.positions import CategoryLink
from bayan.database import PreparedLookup, reading_connection
from bayan.newsroom.models import Author, Category, PostPage, Tag, author_name_in
from bayan.pagecache.held import HeldPerGeneration
from bayan.pagecache.invalidation import current_generation
from bayan.pagecache.store import BoundedStore, StoredValue

from . import bits, matchsets, thesaurus
from . import query as query_parser
from .analysis import analyse_word, words
from .backends import backend_for
from .highlighting import Highlighter
from .models import SearchEquivalent

FACETS = ("language", "category", "year", "tag", "author")


def _names_by_id(model, label=None):
    """A lookup of ``model``'s names by id (``ids``), compiled once: its ``name``, or ``label(language)`` for a model
    whose name is written per language. On PostgreSQL the ids are one array, so the statement's text, and the plan
    kept for it, is the same however many a search shows (written by the ORM for each search, the statement cost
    compiling it and PostgreSQL planning it every time)."""
    if label is None:
        return PreparedLookup(lambda ids: model.objects.filter(pk__in=ids).order_by().values_list("pk", "name"),
                              names=("ids",), numbers=("ids",), lists=("ids",))
    return PreparedLookup(
        lambda ids, language: model.objects.filter(pk__in=ids).order_by()
        .annotate(label=label(language)).values_list("pk", "label"),
        names=("ids", "language"), numbers=("ids",), lists=("ids",),
    )


# The facets whose values are rows with a name: the lookup of the names a reader sees, in a language.
NAMED_FACETS = {
    "category": _names_by_id(Category),
    "tag": _names_by_id(Tag),
    "author": _names_by_id(Author, author_name_in),
}
FEW_RESULTS = 10
FACET_VALUES_SHOWN = 12


@dataclass
class Hit:
    """One result as the page shows it, kept whole in the result cache (no query when it is shown again)."""

    post_id: int
    title: str
    language: str
    reader_path: str
    date: object
    category: CategoryLink | None
    title_html: str
    excerpt_html: str


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    query: query_parser.Query
    # How many posts are listed (and counted by the facets): the exact matches, or the close ones if none.
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    # "exact"; "close" (no exact match: the hits are close spellings); "any" (no post has every word,
    # even closely: the hits have some of them).
    mode: str = "exact"
    # With fewer exact matches than a page, on the first page: the best close matches, listed apart.
    close_hits: list = field(default_factory=list)


_groups_by_generation = {}


def _equivalent_groups(generation=None):
    """Every editors' group as (its stems, its words); read once per content generation when given one."""
    if generation is not None and generation in _groups_by_generation:
        return _groups_by_generation[generation]
    groups = [(set(group.stems.split()), group.word_list())
              for group in SearchEquivalent.objects.only("stems", "words")]
    if generation is not None:
        _groups_by_generation.clear()
        _groups_by_generation[generation] = groups
    return groups


def equivalents_for(words_typed, generation=None):
    """Map each analysed stem of the typed words to the words of the equivalence groups it is in."""
    stems = {analyse_word(word)[0] for word in words_typed}
    if not stems:
        return {}
    return thesaurus.mapping(members for group_stems, members in _equivalent_groups(generation) if group_stems & stems)


def parse(raw, generation=None):
    """Parse a query with the editors' equivalents applied (``generation`` lets them be read once per generation).

    The text is cleaned and cut first (``query.clean``), so a huge query costs what a long one does.
    """
    text, cut = query_parser.clean(raw)
    equivalents = equivalents_for(words(text)[: query_parser.MAX_WORDS * 2], generation)
    return query_parser.parse(text, equivalents, was_cut=cut)


def clean_filters(raw_filters):
    """Keep only well-formed facet values: unknown names and malformed values are ignored, never an error."""
    cleaned = {}
    for name in FACETS:
        values = raw_filters.get(name) or []
        if isinstance(values, str):
            values = [values]
        if name == "language":
            known = {code for code, _ in settings.LANGUAGES}
            kept = [value for value in values if value in known]
        else:
            kept = []
            for value in values:
                value = str(value).strip()
                if value.isascii() and value.isdigit() and len(value) <= 9:
                    kept.append(int(value))
        if kept:
            cleaned[name] = sorted(set(kept))
    return cleaned


def search(raw, filters=None, page=1, per_page=None, now=None, keep=True, generation=None):
    """Search listed posts; ``filters`` maps facet names to lists of values (ids, years, language codes).

    Results are kept in the cache until anything readers can see changes (the page
    cache's content generation), so a query asked again costs one lookup. ``keep=False``
    reads kept results but keeps none: for a caller that keeps the whole page itself.
    ``generation`` is the generation's token when the caller has read it already: what is kept per
    generation (the editors' equivalents, the facets' names) is then not read again, cache or not.
    """
    per_page = per_page or settings.BAYAN_ITEMS_PER_PAGE
    use_cache = now is None and settings.BAYAN_SEARCH_CACHE
    now = now or timezone.now()
    if use_cache:
        generation = generation or current_generation().token.hex
    query = parse(raw, generation)
    results = Results(query=query)
    if query.is_empty:
        return results
    filters = clean_filters(filters or {})
    db = reading_connection()
    backend = backend_for(db)
    key = _cache_key(backend, query, filters, page, per_page, generation) if use_cache else None
    cached = result_store().get(generation, key) if key else None
    if cached is not None:
        results.total, results.mode, results.facets, results.hits, results.close_hits = cached.value()
        return results
    sets = matchsets.for_search(backend, db)
    allowed = sets.allowed(filters, now)
    found = find(sets, query, allowed)
    results.mode = found.mode
    exact = results.mode == "exact"
    results.total = found.total if exact else found.close_total
    ids, close_ids = [], []
    if results.total:
        results.facets = _facets(sets, found.exact if exact else found.close, filters, now, generation)
        offset = (max(page, 1) - 1) * per_page
        if offset < results.total:
            ids = ranked_ids(backend, sets, query, found, per_page, offset, db=db, close=not exact)
    if exact and found.close_total and page <= 1:
        close_ids = ranked_ids(backend, sets, query, found, FEW_RESULTS, db=db, close=True)
    if ids or close_ids:
        apart = set(close_ids)
        hits = _hits(ids + close_ids, query, close=apart if exact else set(ids))
        results.hits = [hit for hit in hits if hit.post_id not in apart]
        results.close_hits = [hit for hit in hits if hit.post_id in apart]
    if key and keep:
        kept = (results.total, results.mode, results.facets, results.hits, results.close_hits)
        result_store().put(generation, key, StoredValue(kept))
    return results


@functools.cache
def result_store():
    """This process's search results, kept until the content generation changes, bounded in bytes."""
    limit = settings.BAYAN_SEARCH_RESULTS_MAX_BYTES
    return BoundedStore(limit, max_item=limit // 8)


def _cache_key(backend, query, filters, page, per_page, generation):
    # The expression with close terms holds every term of the query, and the word being typed.
    # The page's language too: facet labels (authors' names) are written in it.
    material = repr((type(backend).__name__, backend.expression(query, close=True), sorted(filters.items()), page,
                     per_page, generation, translation.get_language()))
    return "search:" + hashlib.sha256(material.encode()).hexdigest()


@dataclass
class Found:
    """What a query matched: ``exact`` documents have every word in one of its forms; ``close`` ones
    (none of them exact) were found only by close terms, or with ``any_word`` by some of the words."""

    exact: int
    allowed: int
    close: int = 0
    any_word: bool = False

    @property
    def total(self):
        """How many exact matches the reader's choices let through."""
        return (self.exact & self.allowed).bit_count()

    @property
    def close_total(self):
        return (self.close & self.allowed).bit_count()

    @property
    def mode(self):
        """"exact", or, when nothing matches exactly but something closely, "close" or "any"."""
        if self.total or not self.close_total:
            return "exact"
        return "any" if self.any_word else "close"


def find(sets, query, allowed):
    """How ``query`` matches among the ``allowed`` documents: exactly, and if that finds little, closely.

    Close matches are looked for only when the exact ones are fewer than a page
    (FEW_RESULTS); posts with any of several words only when nothing matches every
    word, exactly or closely. The word being typed is settled first, in ``query``
    itself (``settle_typing``).
    """
    settle_typing(sets, query)
    found = Found(sets.query(query), allowed)
    if found.total >= FEW_RESULTS:
        return found
    found.close = sets.query(query, close=True) & ~found.exact
    if not found.total and not found.close_total and len(query.required) > 1:
        found.close = sets.query(query, close=True, any_word=True) & ~found.exact
        found.any_word = True
    return found


def settle_typing(sets, query):
    """Whether the word being typed is matched as the start of words exactly: when as typed it is in no post.

    "journ" is in no post, so it is the start of journalists; جمع is a word of its
    own, found as itself, and جمعية, which starts with it, is only a close match. The
    word's own set is the one its exact match reads anyway.
    """
    for index, part in enumerate(query.required):
        if getattr(part, "prefix", "") and not part.prefix_exact and not sets.word(part):
            query.required[index] = dataclasses.replace(part, prefix_exact=True)


def ranked_ids(backend, sets, query, found, limit, offset=0, db=None, close=False):
    """Ids of exact matches (or with ``close``, of close ones), best first.

    Exact matches with every word in the title come first, then the rest; each
    group is ranked by BM25 (``ts_rank`` on PostgreSQL), the title group from the
    title index alone, whose short entries rank quickly. Each group is ranked by
    ``_ranked``: relevance among the most recently added, so that no search reads
    every post that mentions a common word.
    Close matches are ranked in one group the same way. The sets say which documents
    the query and the reader's choices let through, so no ranking query joins a table.
    """
    wanted = offset + limit
    if close:
        return _ranked(backend, query, found.close & found.allowed, wanted, db, close=True,
                       any_word=found.any_word, sets=sets)[offset:wanted]
    chosen = found.exact & found.allowed
    ids = []
    titled = sets.in_titles(query) & chosen
    if titled:
        ids = _ranked(backend, query, titled, wanted, db, title=True, sets=sets)
    if len(ids) < wanted:
        ids += _ranked(backend, query, chosen & ~titled, wanted - len(ids), db, sets=sets)
    return ids[offset:wanted]


def _ranked(backend, query, documents, wanted, db=None, close=False, any_word=False, title=False, sets=None):
    """The first ``wanted`` of ``documents`` (each matching ``query``; with ``title``, in its title) in the
    order results are listed.

    The BAYAN_SEARCH_RANKED_POOL most recently added come first, best first; older
    ones follow, newest first. Ranking reads each ranked document's terms, so it
    costs what the pool holds, never what a common word's tens of thousands of
    matches would: a search for a word in half of a million posts ranks as quickly
    as one in a small archive. A query with fewer matches than the pool is ranked
    whole. A backend may hold the pool's scores in ``sets`` for the next search.
    """
    pool_size = settings.BAYAN_SEARCH_RANKED_POOL
    pool = bits.highest(documents, pool_size)
    if not pool:
        return []
    db = db or reading_connection()
    if title:
        ids = backend.title_rank(db, query, pool, wanted, sets=sets)
    else:
        ids = backend.rank(db, query, pool, wanted, close, any_word, sets=sets)
    if len(ids) < wanted and len(pool) == pool_size:
        older = documents & ((1 << pool[-1]) - 1)
        ids += bits.highest(older, wanted - len(ids))
    return ids


def _facets(sets, documents, filters, now, generation=None):
    """Counts per facet value among ``documents``, each facet counted with every other facet's choice applied.

    Values are tried largest first; once a value has fewer posts in all than the
    smallest count already shown, neither it nor any value after it can be shown,
    so a broad search counts only its facets' largest values.
    """
    facets = {}
    for name in FACETS:
        within = documents & sets.allowed(filters, now, leave_out=name)
        shown = FACET_VALUES_SHOWN if name in ("tag", "author") else FACET_VALUES_SHOWN * 3
        selected = set(filters.get(name, []))
        counted, smallest_shown = {}, []
        if within:
            for value, members, size in sets.facet_by_size(name):
                if len(smallest_shown) == shown and size < smallest_shown[0]:
                    break
                counted[value] = count = (within & members).bit_count()
                if count:
                    heapq.heappush(smallest_shown, count)
                    if len(smallest_shown) > shown:
                        heapq.heappop(smallest_shown)
            for value in selected - counted.keys():
                counted[value] = (within & sets.facet(name).get(value, 0)).bit_count()
        rows = sorted(((value, count) for value, count in counted.items() if count), key=lambda item: -item[1])
        facets[name] = (rows[:shown] + [row for row in rows[shown:] if row[0] in selected], sorted(selected))
    if generation is not None:
        _hold_labels(translation.get_language(), {name: [value for value, _count in counts] + selected
                                                 for name, (counts, selected) in facets.items()
                                                 if name in NAMED_FACETS}, generation)
    return {name: _label(name, counts, selected, generation) for name, (counts, selected) in facets.items()}


# {value: label} for each (facet, language), filled as searches show values, for one content generation. A name
# changes only by an edit, and every edit readers could see starts a new generation, so a kept name is never stale;
# a search reads only the names no search of this generation has shown, of all three facets in one statement
# (three statements every search before, each a round trip on PostgreSQL). Only values a search counted are kept,
# so the memory is bounded by what was shown.
_held_labels = HeldPerGeneration(lambda _name, _language: {})


def _hold_labels(language, wanted, generation):
    """The labels of ``wanted`` (``{facet: values}``) that ``generation`` does not hold yet, read in one statement
    for every facet and held for it."""
    missing = {}
    for name, values in wanted.items():
        kept = _held_labels.get_in(generation, name, language)
        missing[name] = [value for value in values if value not in kept]
    if not any(missing.values()):
        return
    for name, labels in _read_labels_of(language, missing).items():
        _held_labels.get_in(generation, name, language).update(labels)


def _labels_of(name, language, values, generation):
    """``{value: label}`` of these categories, tags or authors, those not kept for ``generation`` read now."""
    if generation is None:
        return _read_labels_of(language, {name: values}).get(name, {})
    # A value with no label (gone since its facet's sets were read) is read again next time.
    _hold_labels(language, {name: values}, generation)
    kept = _held_labels.get_in(generation, name, language)
    return {value: kept[value] for value in values if value in kept}


def _label(name, rows, selected, generation=None):
    counts = dict(rows)
    for value in selected:
        counts.setdefault(value, 0)
    if name == "language":
        names = dict(settings.LANGUAGES)
        labels = {code: names.get(code, code) for code in counts}
    elif name == "year":
        labels = {year: str(year) for year in counts}
    else:
        labels = _labels_of(name, translation.get_language(), list(counts), generation)
    values = [
        FacetValue(str(value), labels[value], count, value in selected)
        for value, count in counts.items() if value in labels
    ]
    if name == "year":
        return sorted(values, key=lambda item: item.value, reverse=True)
    return sorted(values, key=lambda item: (-item.count, item.label))


def _read_labels_of(language, wanted):
    """``{facet: {value: label}}`` of ``wanted`` (``{facet: values}``, facets of ``NAMED_FACETS``), in one statement."""
    parts, parameters = [], []
    for name, values in wanted.items():
        if values:
            lookup = NAMED_FACETS[name]
            named = {"ids": list(values), "language": language} if "language" in lookup.names else {"ids": list(values)}
            sql, part_parameters = lookup.statement(**named)
            parts.append(f"SELECT '{name}', part.* FROM ({sql}) part")
            parameters += part_parameters
    if not parts:
        return {}
    found = {}
    with reading_connection().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), parameters)
        for name, value, label in cursor.fetchall():
            found.setdefault(name, {})[value] = label
    return found


# The posts a page of hits shows, compiled once: built for every search, the query cost more than it took to run.
_hit_posts = PreparedLookup(
    lambda ids: PostPage.objects.filter(pk__in=ids).for_listing()
    .only("id", "title", "slug", "date", "listing_title", "listing_excerpt", "excerpt", "body",
          "category__name", "category__slug", "category__locale__language_code", "locale__language_code"),
    names=("ids",), numbers=("ids",), lists=("ids",),
)


def _hits(ids, query, close=()):
    """The hits of these posts, in this order (one query); those in ``close`` are marked where they matched closely."""
    posts = {post.pk: post for post in _hit_posts.all(ids=list(ids))} if ids else {}
    matchers = {False: Highlighter(query), True: Highlighter(query, close=True)}
    hits = []
    for post in (posts[pk] for pk in ids if pk in posts):
        matcher = matchers[post.pk in close]
        hits.append(Hit(post.pk, post.title, post.locale.language_code, post.reader_path(), post.date,
                        CategoryLink(post.category.name, post.category.reader_path()) if post.category else None,
                        matcher.mark(post.listing_title), matcher.excerpt(post)))
    return hits
