"""Searching posts: matching, narrowing by facets, counting, ranking and marking the words found.

``search()`` is what the reader's page and the API call; it needs no request.
A query runs exact first (stems, Arabic word families, editors' equivalents and
the word being typed); if that finds fewer than a page of results, sound keys
join in, so that Zaitouneh finds Zeitouneh; if there is still nothing and the
query has several words, any of them may match.
"""

import hashlib
import html
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from bayan.newsroom.models import Author, Category, PostPage, Tag, TaggedPost
from bayan.newsroom.text import html_to_text
from bayan.pagecache.invalidation import current_generation

from . import query as query_parser
from . import thesaurus
from .analysis import analyse_word, words
from .backends import backend_for
from .models import SearchDocument, SearchEquivalent

FACETS = ("language", "category", "year", "tag", "author")
FEW_RESULTS = 10
FACET_VALUES_SHOWN = 12
EXCERPT_WORDS = 40
CACHE_SECONDS = 3600


@dataclass
class Hit:
    post: PostPage
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
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    # "exact", "fuzzy" (close spellings were needed) or "any" (not every word was found).
    mode: str = "exact"


def equivalents_for(words_typed):
    """Map each analysed stem of the typed words to the words of the equivalence groups it is in."""
    stems = {analyse_word(word)[0] for word in words_typed}
    if not stems:
        return {}
    condition = Q()
    for stem in stems:
        condition |= Q(stems__contains=f" {stem} ")
    return thesaurus.mapping(group.word_list() for group in SearchEquivalent.objects.filter(condition))


def parse(raw):
    """Parse a query with the editors' equivalents applied."""
    return query_parser.parse(raw, equivalents_for(words(raw or "")[: query_parser.MAX_WORDS * 2]))


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


def _link_tables():
    """For the facets held in link tables: (table, post id column, value column)."""
    return {
        "tag": (TaggedPost._meta.db_table, "content_object_id", "tag_id"),
        "author": (PostPage.authors.through._meta.db_table, "postpage_id", "author_id"),
    }


def _filter_sql(filters, now, leave_out=None):
    clauses, params = ["d.date <= %s"], [now]
    for name, values in filters.items():
        if name == leave_out:
            continue
        marks = ", ".join(["%s"] * len(values))
        if name == "language":
            clauses.append(f"d.language IN ({marks})")
        elif name == "category":
            clauses.append(f"d.category_id IN ({marks})")
        elif name == "year":
            clauses.append(f"d.year IN ({marks})")
        else:
            table, post_column, value_column = _link_tables()[name]
            clauses.append(f"d.page_id IN (SELECT {post_column} FROM {table} WHERE {value_column} IN ({marks}))")
        params += values
    return " AND ".join(clauses), params


def _fetch(sql, params, db=None):
    with (db or connection).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(raw, filters=None, page=1, per_page=None, now=None):
    """Search listed posts; ``filters`` maps facet names to lists of values (ids, years, language codes).

    Results are kept in the cache until anything readers can see changes (the page
    cache's content generation), so a query asked again costs one lookup.
    """
    per_page = per_page or settings.BAYAN_ITEMS_PER_PAGE
    use_cache = now is None and settings.BAYAN_SEARCH_CACHE
    now = now or timezone.now()
    query = parse(raw)
    results = Results(query=query)
    if query.is_empty:
        return results
    filters = clean_filters(filters or {})
    backend = backend_for(connection)
    key = _cache_key(backend, query, filters, page, per_page) if use_cache else None
    cached = cache.get(key) if key else None
    if cached is not None:
        results.total, results.mode, results.facets, marked = cached
        results.hits = _cached_hits(marked)
        return results
    where, where_params = _filter_sql(filters, now)
    match, found, results.mode = find(backend, query, where, where_params)
    if found:
        results.facets, results.total = _facets(match, filters, now)
        offset = (max(page, 1) - 1) * per_page
        if offset < results.total:
            ids = ranked_ids(match, where, where_params, per_page, offset)
            results.hits = _hits(ids, query, with_sounds=results.mode != "exact")
    if key:
        marked = [(hit.post.pk, hit.title_html, hit.excerpt_html) for hit in results.hits]
        cache.set(key, (results.total, results.mode, results.facets, marked), CACHE_SECONDS)
    return results


def _cache_key(backend, query, filters, page, per_page):
    generation = current_generation().token
    material = repr((connection.vendor, backend.expression(query), sorted(filters.items()), page, per_page,
                     str(generation)))
    return "search:" + hashlib.sha256(material.encode()).hexdigest()


def _cached_hits(marked):
    posts = {post.pk: post for post in PostPage.objects.filter(pk__in=[pk for pk, _t, _e in marked]).for_listing()}
    return [Hit(posts[pk], title, excerpt) for pk, title, excerpt in marked if pk in posts]


def _count(match, where, where_params, db, cap=None):
    """How many documents match; with ``cap``, stop counting there (all that choosing a mode needs)."""
    inner = f"SELECT 1 FROM {match.from_sql} WHERE {match.where_sql} AND {where}"
    params = match.where_params + where_params
    if cap is not None:
        inner += " LIMIT %s"
        params = params + [cap]
    return _fetch(f"SELECT count(*) FROM ({inner}) counted", params, db)[0][0]


def find(backend, query, where="1 = 1", where_params=(), db=None):
    """Choose how to match ``query``: (match, total, mode), trying exact, then fuzzy, then any word.

    ``total`` is exact when it is below FEW_RESULTS and at least FEW_RESULTS otherwise.
    """
    db = db or connection
    where_params = list(where_params)
    match = backend.match(query)
    total = _count(match, where, where_params, db, cap=FEW_RESULTS)
    if total < FEW_RESULTS and any(getattr(part, "sounds", None) for part in query.required):
        fuzzy = backend.match(query, fuzzy=True)
        fuzzy_total = _count(fuzzy, where, where_params, db, cap=FEW_RESULTS)
        if fuzzy_total > total:
            return fuzzy, fuzzy_total, "fuzzy"
    if total == 0 and len(query.required) > 1:
        match = backend.match(query, fuzzy=True, any_word=True)
        return match, _count(match, where, where_params, db, cap=FEW_RESULTS), "any"
    return match, total, "exact"


def ranked_ids(match, where, where_params, limit, offset=0, db=None):
    """Ids of matching documents, best first (newer first among equals)."""
    sql = (
        f"SELECT d.page_id FROM {match.from_sql} WHERE {match.where_sql} AND {where} "
        f"ORDER BY {match.order_sql}, d.date DESC, d.page_id DESC LIMIT %s OFFSET %s"
    )
    params = match.where_params + list(where_params) + match.order_params + [limit, offset]
    return [row[0] for row in _fetch(sql, params, db)]


def _facets(match, filters, now):
    """Counts per facet value, each facet counted with every other facet's selection applied.

    Language, category and year come from one grouped pass, filtered in Python
    for each facet; tags and authors need a join each. Returns (facets, total).
    """
    facets = {}
    columns = ("language", "category", "year")
    joined = {name: values for name, values in filters.items() if name not in columns}
    where, params = _filter_sql(joined, now)
    groups = _fetch(
        f"SELECT d.language, d.category_id, d.year, count(*) FROM {match.from_sql} WHERE {match.where_sql} "
        f"AND {where} GROUP BY d.language, d.category_id, d.year",
        match.where_params + params,
    )

    def chosen(row, leave_out=None):
        return all(row[index] in filters[name] for index, name in enumerate(columns)
                   if name in filters and name != leave_out)

    total = sum(row[3] for row in groups if chosen(row))
    for index, name in enumerate(columns):
        counts = {}
        for row in groups:
            if row[index] is not None and chosen(row, leave_out=name):
                counts[row[index]] = counts.get(row[index], 0) + row[3]
        facets[name] = _label(name, sorted(counts.items(), key=lambda item: -item[1])[:FACET_VALUES_SHOWN * 3],
                              filters.get(name, []))
    for name, (table, post_column, value_column) in _link_tables().items():
        where, params = _filter_sql(filters, now, leave_out=name)
        rows = _fetch(
            f"SELECT x.{value_column}, count(*) FROM {match.from_sql} JOIN {table} x ON x.{post_column} = d.page_id "
            f"WHERE {match.where_sql} AND {where} GROUP BY x.{value_column} ORDER BY 2 DESC LIMIT %s",
            match.where_params + params + [FACET_VALUES_SHOWN],
        )
        facets[name] = _label(name, rows, filters.get(name, []))
    return facets, total


def _label(name, rows, selected):
    counts = dict(rows)
    for value in selected:
        counts.setdefault(value, 0)
    if name == "language":
        names = dict(settings.LANGUAGES)
        labels = {code: names.get(code, code) for code in counts}
    elif name == "year":
        labels = {year: str(year) for year in counts}
    else:
        model = {"category": Category, "tag": Tag, "author": Author}[name]
        labels = dict(model.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    values = [
        FacetValue(str(value), labels[value], count, value in selected)
        for value, count in counts.items() if value in labels
    ]
    if name == "year":
        return sorted(values, key=lambda item: item.value, reverse=True)
    return sorted(values, key=lambda item: (-item.count, item.label))


def _hits(ids, query, with_sounds=False):
    posts = {post.pk: post for post in PostPage.objects.filter(pk__in=ids).for_listing()
             .only("id", "title", "slug", "date", "listing_title", "listing_excerpt", "excerpt", "body",
                   "category__name", "category__slug", "category__locale__language_code", "locale__language_code")}
    matcher = Highlighter(query, with_sounds)
    return [
        Hit(post, matcher.mark(post.listing_title), matcher.excerpt(post))
        for post in (posts[pk] for pk in ids if pk in posts)
    ]


class Highlighter:
    """Marks the words of a text that the query matched, with the same analysis as the index."""

    def __init__(self, query, with_sounds=False):
        self.stems, self.families, self.prefixes = query.highlight_terms()
        self.sounds = query.sound_terms() if with_sounds else set()

    def matches(self, token):
        found = words(token)
        if not found:
            return False
        for word in found:
            stem, family, sound_key = analyse_word(word)
            if (stem in self.stems or not self.families.isdisjoint(family.split())
                    or (sound_key and sound_key in self.sounds)):
                return True
            if any(stem.startswith(prefix) or word.startswith(prefix) for prefix in self.prefixes):
                return True
        return False

    def mark(self, text):
        """Escape ``text`` and wrap each matching word in ``<mark>``."""
        return " ".join(
            f"<mark>{html.escape(token)}</mark>" if self.matches(token) else html.escape(token)
            for token in text.split()
        )

    def excerpt(self, post):
        """About forty words of the post around its first match, marked; the listing excerpt if none."""
        tokens = f"{post.excerpt}\n{html_to_text(post.body)}".split()
        for position, token in enumerate(tokens[:5000]):
            if self.matches(token):
                start = max(0, position - 8)
                window = tokens[start:start + EXCERPT_WORDS]
                text = " ".join(window)
                lead = "… " if start else ""
                tail = " …" if start + EXCERPT_WORDS < len(tokens) else ""
                return lead + self.mark(text) + tail
        return html.escape(post.listing_excerpt)
