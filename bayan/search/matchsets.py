"""Sets of search documents as bit sets, kept in memory for as long as the index stays as it is.

Counting results and facets means looking at every matching document, and a common
word is found in half the archive: joining and grouping tens of thousands of rows
in SQL on every search is what made broad searches slow. Here a set of documents is
a Python integer whose bit n says whether the document of page n is in it, so
narrowing is one ``&`` and counting one ``bit_count()`` over a few kilobytes.

A ``DocumentSets`` reads from the database:
- the set of each query word (one full-text query per word or phrase, its forms
  joined by OR), kept least recently used first out;
- the set of each facet value (language, category, year, tag, author), a facet's
  values together on its first use: one grouped query over a narrow index;

within BAYAN_SEARCH_SET_MEMORY_MB for all of them: every search counts with the facets'
sets, so they stay, and words' sets fill what they leave. Facets alone past the budget
(a site far larger than the budget was set for) keep no word's set beyond the search
that read it, and say so once in the log;
- the documents dated in the future, so that a post comes into results at its hour;
- on PostgreSQL, each document's score in the rankings asked so far (``scores``): ``ts_rank``
  weighs a document by its own terms alone, so a score holds until that document changes.

Database triggers log every document written or removed (``SearchChange``), in the
same transaction as the write. ``for_search`` hands out the process's sets while no
change has been logged since they were read; after a change it brings the facets'
sets up to date from the changed documents alone (a few small queries) and reads
words' sets again as they are asked.
"""

import logging
import threading
from collections import OrderedDict
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.utils import timezone

from bayan.database import in_list, read_datetime
from bayan.newsroom.models import PostPage, TaggedPost

from . import postings
from .bits import bits_of, size_of
from .change_log import changes_since
from .models import SearchChange
from .query import Phrase, title_terms

log = logging.getLogger(__name__)


def _batches(ids, size=500):
    return [ids[start:start + size] for start in range(0, len(ids), size)]


# A process this many changes behind reads its sets afresh rather than change by change.
MOST_CHANGES_FOLLOWED = 5000
# Changes kept in the log; a process further behind than that reads its sets afresh.
CHANGES_KEPT = 20000
# Rankings whose scores are held (the most recently asked), and about what each held score costs in memory
# (a dictionary's entry with its id and float, measured with ``sys.getsizeof``: about 100 bytes).
RANKINGS_HELD = 32
SCORE_BYTES = 100


class DocumentSets:
    """The sets one index's searches are counted with, read on demand through ``db``.

    ``head`` is the (id, token) of the last logged change they include.
    """

    def __init__(self, backend, db, memory_budget=None, head=(0, "")):
        self.backend = backend
        self.db = db
        self.head = head
        budget = settings.BAYAN_SEARCH_SET_MEMORY_MB if memory_budget is None else memory_budget
        self.memory_budget = budget * 1024 * 1024
        self._words = OrderedDict()
        self._word_bytes = 0
        self._facet_bytes = 0
        self._facets = {}
        self._by_size = {}
        self._future = None
        # What the change log says since each kept set's change, up to ``head`` (see ``postings.kept``).
        self._changes = {}
        # {(column, match text, weights): {page id: score}}, least recently used first (``scores``).
        self._scores = OrderedDict()
        self._score_bytes = 0
        self._lock = threading.RLock()

    def _fetch(self, sql, params=()):
        with self.db.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()

    def matching(self, expression, title=False, pairs=None, read=None):
        """The documents a match text finds, in the full index or in the title index (``pairs``: a phrase's,
        from ``Backend.pairs``, which follow from the expression); ``read``, when given, reads them instead of
        the index (a word's terms, from their kept sets)."""
        key = (title, expression)
        with self._lock:
            if key in self._words:
                self._words.move_to_end(key)
                return self._words[key]
        bits = read() if read else self.backend.matching(self.db, expression, title, pairs)
        with self._lock:
            if key not in self._words:
                self._words[key] = bits
                self._word_bytes += size_of(bits)
                self._fit(keep=key)
        return bits

    def scores(self, ranking, ids, read):
        """``{page id: score}`` of the documents ``ids`` in ``ranking`` (a key naming its column, match text and
        weights), those not held read with ``read(missing ids)`` (rows of page id and score; a document gone from
        the index has none) and held for the next search, until the document changes (``following``)."""
        with self._lock:
            held = self._scores.get(ranking, {})
            missing = [page_id for page_id in ids if page_id not in held]
            found = {page_id: held[page_id] for page_id in ids if page_id in held}
        read_now = dict(read(missing)) if missing else {}
        found.update(read_now)
        with self._lock:
            held = self._scores.setdefault(ranking, {})
            self._scores.move_to_end(ranking)
            before = len(held)
            # A ranking's pool moves on as documents are added: what left it is let go.
            if before + len(read_now) > 2 * len(ids):
                held = self._scores[ranking] = dict(found)
            else:
                held.update(read_now)
            self._score_bytes += (len(held) - before) * SCORE_BYTES
            while len(self._scores) > RANKINGS_HELD:
                self._drop_oldest_scores()
            self._fit()
        return found

    def _drop_oldest_scores(self):
        """Let go of the scores of the ranking asked least recently."""
        self._score_bytes -= len(self._scores.popitem(last=False)[1]) * SCORE_BYTES

    def kept_bytes(self):
        """The bytes of everything kept: words' and facets' sets, and held scores."""
        return self._word_bytes + self._facet_bytes + self._score_bytes

    def _fit(self, keep=None):
        """Drop held scores, then words' sets, least recently used first, until everything kept fits the budget
        (``keep``, the set just read for the search under way, stays until the next one)."""
        while self.kept_bytes() > self.memory_budget and self._scores:
            self._drop_oldest_scores()
        while self.kept_bytes() > self.memory_budget and self._words:
            oldest = next(iter(self._words))
            if oldest == keep:
                break
            self._word_bytes -= size_of(self._words.pop(oldest))
        if self._facet_bytes > self.memory_budget and not _warned.is_set():
            _warned.set()
            log.warning("The search's facet sets take %.1f MB, more than BAYAN_SEARCH_SET_MEMORY_MB (%.0f MB): "
                        "no word's set is kept between searches. Raise the setting.",
                        self._facet_bytes / 1048576, self.memory_budget / 1048576)

    def drop_word_sets(self):
        """Forget every word's set, keeping the facets' (bench/search.py times first asks this way)."""
        with self._lock:
            self._words.clear()
            self._word_bytes = 0

    def query(self, query, close=False, any_word=False):
        """The documents matching a parsed query: its words (all of them, or any), none of its exclusions.

        With ``close``, a word is also found by its close terms.
        """
        parts = [self.word(part, close) for part in query.required]
        found = reduce(or_ if any_word else and_, parts)
        for part in query.excluded:
            found &= ~self._exact(part)
        return found

    def _exact(self, part):
        """The documents having a query word in one of its forms, or a phrase."""
        if isinstance(part, Phrase):
            return self.matching(self.backend.part(part), pairs=self.backend.pairs(part))
        return self.matching(self.backend.part(part), read=lambda: self._read_word(part))

    def _read_word(self, part):
        """A word's documents, as the index gives them for the whole word (``Backend.part``)."""
        typed = [self.backend.prefix(part.prefix)] if part.prefix and part.prefix_exact else []
        return self._kept_or_indexed(part.terms, False, typed)

    def _title_part(self, part):
        """The documents with a word (``Backend.title_part``) or a phrase in the title."""
        if isinstance(part, Phrase):
            return self.backend.matching(self.db, "(" + self.backend.title_part(part) + ")", True)
        typed = [self.backend.title_prefix(part.prefix)] if part.prefix and part.prefix_exact else []
        return self._kept_or_indexed(title_terms(part), True, typed)

    def _kept_or_indexed(self, terms, titles, more):
        """The documents holding any of ``terms`` (in the title, with ``titles``) or found by the match texts
        ``more``: the common terms' from their kept sets (``postings``), the rest from the index."""
        found, covered = postings.kept(self.db, self.backend, terms, self.head, titles, self._changes)
        term = self.backend.title_term if titles else self.backend.term
        rest = [term(each) for each in sorted(set(terms) - covered)] + more
        if rest:
            found |= self.backend.matching(self.db, "(" + self.backend.OR.join(rest) + ")", titles)
        return found

    def word(self, part, close=False):
        """The documents having a query word or phrase: in one of its forms, or (``close``) by its close terms.

        The close terms' set is read on its own and joined to the word's, which is usually read already.
        """
        bits = self._exact(part)
        close_part = self.backend.close_part(part) if close else None
        if close_part:
            bits |= self.matching(close_part)
        return bits

    def in_titles(self, query):
        """The documents with every required word (in its stem or another stem of it) or phrase in the title."""
        expression = self.backend.title_expression(query)
        if not query.required:
            return self.matching(expression, title=True)
        return self.matching(expression, title=True, read=lambda: reduce(and_, map(self._title_part, query.required)))

    def facet(self, name):
        """{value: documents} of one facet: language, category, year, tag or author."""
        with self._lock:
            if name not in self._facets:
                sql, params = self._facet_sql(name)
                self._set_facet(name, {value: bits_of(ids) for value, ids in self._fetch(sql, params)})
            return self._facets[name]

    def _set_facet(self, name, values):
        self._facet_bytes += sum(map(size_of, values.values())) - sum(map(size_of, self._facets.get(name, {}).values()))
        self._facets[name] = values
        self._fit()

    def facet_by_size(self, name):
        """[(value, documents, how many)] of one facet, the largest value first."""
        with self._lock:
            if name not in self._by_size:
                sizes = ((value, bits, bits.bit_count()) for value, bits in self.facet(name).items())
                self._by_size[name] = sorted(sizes, key=lambda item: -item[2])
            return self._by_size[name]

    def _facet_source(self, name, only=None):
        """(value column, table, post column, condition, params) of one facet, of all or ``only`` these ids."""
        if name in ("language", "category", "year"):
            column, table, post_column = ("category_id" if name == "category" else name), \
                self.backend.documents_table, "page_id"
        elif name == "tag":
            # Links of posts that are not documents do no harm: every count is taken within matching documents.
            column, table, post_column = "tag_id", TaggedPost._meta.db_table, "content_object_id"
        elif name == "author":
            column, table, post_column = "author_id", PostPage.authors.through._meta.db_table, "postpage_id"
        else:
            raise ValueError(f"no facet {name!r}")
        condition, params = f"{column} IS NOT NULL", []
        if only is not None:
            test, params = in_list(only, self.db.vendor)
            condition += f" AND {post_column}{test}"
        return column, table, post_column, condition, params

    def _facet_sql(self, name, only=None):
        """(SQL, params) of one facet's values with their documents, of all or ``only`` these ids."""
        column, table, post_column, condition, params = self._facet_source(name, only)
        return (f"SELECT {column}, {self.backend.id_list(post_column)} FROM {table} WHERE {condition} "
                f"GROUP BY {column}", params)

    def _facets_sql(self, names, only):
        """(SQL, params) of the values of the facets ``names`` with their documents among ``only``, in one
        statement (each would be a round trip on PostgreSQL, after every change): rows (facet, value as text,
        ids)."""
        parts, params = [], []
        for name in names:
            column, table, post_column, condition, part_params = self._facet_source(name, only)
            parts.append(f"SELECT '{name}', CAST({column} AS TEXT), {self.backend.id_list(post_column)} "
                         f"FROM {table} WHERE {condition} GROUP BY {column}")
            params += part_params
        return " UNION ALL ".join(parts), params

    def following(self, changed_ids, head):
        """New sets for the index after the documents ``changed_ids`` were written or removed.

        The facets' sets read so far are carried over with those documents taken out and
        read again; so are held scores, those of the changed documents left to be read again,
        and what the log said since each kept set's change, with these documents added; words'
        sets are left to be read again when asked.
        """
        changed = sorted(set(changed_ids))
        following = DocumentSets(self.backend, self.db, head=head)
        following.memory_budget = self.memory_budget
        gone = ~bits_of(",".join(map(str, changed)))
        with self._lock:
            facets, future = dict(self._facets), self._future
            # Copied: a search still under way on these sets may add to them.
            scores = [(ranking, held.copy()) for ranking, held in self._scores.items()]
            logged = dict(self._changes)
        # What changed since each kept set's change, up to the new head: up to the old one, and these. Known, the
        # kept sets read after a publication need no statement of their own to ask the log again.
        for since, known in logged.items():
            merged = None if known is None else sorted(set(known).union(changed))
            following._changes[since] = merged if merged is None or len(merged) <= postings.MOST_PATCHED else None
        for ranking, held in scores:
            for page_id in changed:
                held.pop(page_id, None)
            following._scores[ranking] = held
            following._score_bytes += len(held) * SCORE_BYTES
        updated = {name: _without(values, changed, gone) for name, values in facets.items()}
        if facets:
            for batch in _batches(changed):
                for name, value, ids in following._fetch(*self._facets_sql(list(facets), batch)):
                    value = value if name == "language" else int(value)
                    updated[name][value] = updated[name].get(value, 0) | bits_of(ids)
        for name, values in updated.items():
            following._set_facet(name, {value: bits for value, bits in values.items() if bits})
        if future is not None:
            changed_set = set(changed)
            kept = [(date, page_id) for date, page_id in future if page_id not in changed_set]
            following._future = kept + following._read_future(changed)
        return following

    def documents(self):
        """Every document in the index."""
        return reduce(or_, self.facet("language").values(), 0)

    def visible(self, now):
        """Every document dated no later than ``now``."""
        with self._lock:
            if self._future is None:
                self._future = self._read_future()
        hidden = [page_id for date, page_id in self._future if date > now]
        bits = self.documents()
        if hidden:
            bits &= ~bits_of(",".join(map(str, hidden)))
        return bits

    def _read_future(self, only=None):
        """(date, page id) of the documents dated later than now, of all or ``only`` these ids."""
        sql, now = f"SELECT date, page_id FROM {self.backend.documents_table} WHERE date > %s", [timezone.now()]
        if only is None:
            rows = self._fetch(sql, now)
        else:
            rows = []
            for batch in _batches(only):
                test, ids = in_list(batch, self.db.vendor)
                rows += self._fetch(f"{sql} AND page_id{test}", now + ids)
        return [(read_datetime(date), page_id) for date, page_id in rows]

    def chosen(self, name, values):
        """The documents having any of these values of one facet."""
        sets = self.facet(name)
        return reduce(or_, (sets.get(value, 0) for value in values), 0)

    def allowed(self, filters, now, leave_out=None):
        """The documents visible at ``now`` that every facet's choice (but ``leave_out``'s) lets through."""
        bits = self.visible(now)
        for name, values in filters.items():
            if name != leave_out:
                bits &= self.chosen(name, values)
        return bits


# Changed documents few enough that each facet value's set is tested for them before it is rewritten.
FEW_CHANGED = 16


def _without(values, changed, gone):
    """``{value: documents}`` with the ``changed`` documents taken out (``gone`` is the set of all others). After a
    publication or two, only the values that hold one of them are rewritten: the bit of a recent post is found at
    once, where taking it out of every value's set rewrote them all, 1.2 ms a change with 300 tags at 100,000
    posts, and more as a site's tags grow."""
    if len(changed) > FEW_CHANGED:
        return {value: bits & gone for value, bits in values.items()}
    return {value: bits & gone if any(bits >> page_id & 1 for page_id in changed) else bits
            for value, bits in values.items()}


_sets = {}
_sets_lock = threading.Lock()
# Set once the log has said that the facets alone fill the budget (once per process, not per search).
_warned = threading.Event()


def for_search(backend, db):
    """This process's sets for the site's index, brought up to date with the changes logged since they were read.

    ``db`` is ``django.db.connection``, which stands for each thread's own connection.
    """
    key = (db.alias, str(db.settings_dict["NAME"]), backend.documents_table)
    with _sets_lock:
        sets = _sets.get(key)
    head, changed = changes_since(db, sets.head if sets is not None else (0, ""), MOST_CHANGES_FOLLOWED)
    if sets is not None and sets.head == head:
        return sets
    sets = DocumentSets(backend, db, head=head) if changed is None else sets.following(changed, head)
    with _sets_lock:
        _sets[key] = sets
    return sets


def prune_changes(db):
    """Drop all but the newest CHANGES_KEPT logged changes (processes further behind read their sets afresh)."""
    table = SearchChange._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id <= (SELECT max(id) FROM {table}) - %s", [CHANGES_KEPT])
