"""Searching posts: matching, narrowing by facets, counting, ranking and marking the words found.

``search()`` is what the reader's page and the API call; it needs no request.
A query runs exact first (stems, Arabic word families, editors' equivalents and
the word being typed); if that finds fewer than a page of results, sound keys
join in, so that Zaitouneh finds Zeitouneh; if there is still nothing and the
query has several words, any of them may match.
"""

import html
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from bayan.newsroom.models import Author, Category, PostPage, Tag, TaggedPost
from bayan.newsroom.text import html_to_text

from . import query as query_parser
from . import thesaurus
from .analysis import analyse_word, words
from .backends import backend_for
from .models import SearchDocument, SearchEquivalent

FACETS = ("language", "category", "year", "tag", "author")
FEW_RESULTS = 10
FACET_VALUES_SHOWN = 12
EXCERPT_WORDS = 40


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
        elif name == "tag":
            table = TaggedPost._meta.db_table
            clauses.append(f"d.page_id IN (SELECT content_object_id FROM {table} WHERE tag_id IN ({marks}))")
        elif name == "author":
            through = PostPage.authors.through._meta.db_table
            clauses.append(f"d.page_id IN (SELECT postpage_id FROM {through} WHERE author_id IN ({marks}))")
        params += values
    return " AND ".join(clauses), params


def _fetch(sql, params, db=None):
    with (db or connection).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(raw, filters=None, page=1, per_page=None, now=None):
    """Search listed posts; ``filters`` maps facet names to lists of values (ids, years, language codes)."""
    per_page = per_page or settings.BAYAN_ITEMS_PER_PAGE
    now = now or timezone.now()
    query = parse(raw)
    results = Results(query=query)
    if query.is_empty:
        return results
    filters = clean_filters(filters or {})
    backend = backend_for(connection)
    where, where_params = _filter_sql(filters, now)

    match, results.total, results.mode = find(backend, query, where, where_params)
    if results.total:
        offset = (max(page, 1) - 1) * per_page
        ids = ranked_ids(match, where, where_params, per_page, offset)
        results.hits = _hits(ids, query, with_sounds=results.mode != "exact")
    results.facets = _facets(match, filters, now)
    return results


def _count(match, where, where_params, db):
    sql = f"SELECT count(*) FROM {match.from_sql} WHERE {match.where_sql} AND {where}"
    return _fetch(sql, match.where_params + where_params, db)[0][0]


def find(backend, query, where="1 = 1", where_params=(), db=None):
    """Choose how to match ``query``: (match, total, mode), trying exact, then fuzzy, then any word."""
    db = db or connection
    where_params = list(where_params)
    match = backend.match(query)
    total = _count(match, where, where_params, db)
    if total < FEW_RESULTS and any(getattr(part, "sounds", None) for part in query.required):
        fuzzy = backend.match(query, fuzzy=True)
        fuzzy_total = _count(fuzzy, where, where_params, db)
        if fuzzy_total > total:
            return fuzzy, fuzzy_total, "fuzzy"
    if total == 0 and len(query.required) > 1:
        match = backend.match(query, fuzzy=True, any_word=True)
        return match, _count(match, where, where_params, db), "any"
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
    """Counts per facet value, each facet counted with every other facet's selection applied."""
    facets = {}
    tables = {
        "tag": (TaggedPost._meta.db_table, "content_object_id", "tag_id"),
        "author": (PostPage.authors.through._meta.db_table, "postpage_id", "author_id"),
    }
    for name in FACETS:
        where, params = _filter_sql(filters, now, leave_out=name)
        if name in tables:
            table, post_column, value_column = tables[name]
            sql = (
                f"SELECT x.{value_column}, count(*) FROM {match.from_sql} JOIN {table} x ON x.{post_column} = d.page_id "
                f"WHERE {match.where_sql} AND {where} GROUP BY x.{value_column} ORDER BY 2 DESC LIMIT %s"
            )
            rows = _fetch(sql, match.where_params + params + [FACET_VALUES_SHOWN])
        else:
            column = {"language": "d.language", "category": "d.category_id", "year": "d.year"}[name]
            sql = (
                f"SELECT {column}, count(*) FROM {match.from_sql} WHERE {match.where_sql} AND {where} "
                f"AND {column} IS NOT NULL GROUP BY {column} ORDER BY 2 DESC LIMIT %s"
            )
            rows = _fetch(sql, match.where_params + params + [FACET_VALUES_SHOWN * 3])
        facets[name] = _label(name, rows, filters.get(name, []))
    return facets


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
            if stem in self.stems or (family and family in self.families) or (sound_key and sound_key in self.sounds):
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
