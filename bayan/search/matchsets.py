"""Sets of search documents as bit sets, kept in memory for as long as the index stays as it is.

Counting results and facets means looking at every matching document, and a common
word is found in half the archive: joining and grouping tens of thousands of rows
in SQL on every search is what made broad searches slow. Here a set of documents is
a Python integer whose bit n says whether the document of page n is in it, so
narrowing is one ``&`` and counting one ``bit_count()`` over a few kilobytes.

A ``DocumentSets`` reads from the database:
- the set of each query word (one full-text query per word or phrase, its forms
  joined by OR), kept least recently used first out within BAYAN_SEARCH_SET_MEMORY_MB;
- the set of each facet value (language, category, year, tag, author), a facet's
  values together on its first use: one grouped query over a narrow index;
- the documents dated in the future, so that a post comes into results at its hour.

Everything it holds is valid for one change token (``SearchIndexState``), which a
database trigger renews in the same transaction as any write to the documents:
``for_search`` hands out the process's sets while the token is the same, new
ones after any change.
"""

import datetime
import threading
from collections import OrderedDict
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bayan.newsroom.models import PostPage, TaggedPost

from .models import SearchIndexState


def bits_of(id_list):
    """The set of the ids in a comma-separated text (as the databases' list aggregates give it)."""
    if not id_list:
        return 0
    ids = list(map(int, id_list.split(",")))
    buffer = bytearray((max(ids) >> 3) + 1)
    for number in ids:
        buffer[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buffer, "little")


def size_of(bits):
    return (bits.bit_length() + 7) // 8


def membership(bits):
    """A test of whether an id is in a set, quicker than shifting the whole set for each id."""
    table = bits.to_bytes(size_of(bits), "little")
    last = len(table)
    return lambda number: (number >> 3) < last and bool(table[number >> 3] >> (number & 7) & 1)


class DocumentSets:
    """The sets one index's searches are counted with, read on demand through ``db``."""

    def __init__(self, backend, db, memory_budget=None):
        self.backend = backend
        self.db = db
        budget = settings.BAYAN_SEARCH_SET_MEMORY_MB if memory_budget is None else memory_budget
        self.memory_budget = budget * 1024 * 1024
        self._words = OrderedDict()
        self._word_bytes = 0
        self._facets = {}
        self._by_size = {}
        self._future = None
        self._lock = threading.RLock()

    def _fetch(self, sql, params=()):
        with self.db.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()

    def matching(self, expression, title=False):
        """The documents a match text finds, in the full index or in the title index."""
        key = (title, expression)
        with self._lock:
            if key in self._words:
                self._words.move_to_end(key)
                return self._words[key]
        bits = bits_of(self._fetch(self.backend.ids_sql(title), [expression])[0][0])
        with self._lock:
            if key not in self._words:
                self._words[key] = bits
                self._word_bytes += size_of(bits)
                while self._word_bytes > self.memory_budget and len(self._words) > 1:
                    _key, dropped = self._words.popitem(last=False)
                    self._word_bytes -= size_of(dropped)
        return bits

    def drop_word_sets(self):
        """Forget every word's set, keeping the facets' (bench/search.py times first asks this way)."""
        with self._lock:
            self._words.clear()
            self._word_bytes = 0

    def query(self, query, fuzzy=False, any_word=False):
        """The documents matching a parsed query: its words (all of them, or any), none of its exclusions."""
        parts = [self.matching(self.backend.part(part, fuzzy)) for part in query.required]
        found = reduce(or_ if any_word else and_, parts)
        for part in query.excluded:
            found &= ~self.matching(self.backend.part(part))
        return found

    def in_titles(self, query):
        """The documents with every required word (in its stems or as typed so far) or phrase in the title."""
        return self.matching(self.backend.title_expression(query), title=True)

    def facet(self, name):
        """{value: documents} of one facet: language, category, year, tag or author."""
        with self._lock:
            if name not in self._facets:
                self._facets[name] = {value: bits_of(ids) for value, ids in self._fetch(self._facet_sql(name))}
            return self._facets[name]

    def facet_by_size(self, name):
        """[(value, documents, how many)] of one facet, the largest value first."""
        with self._lock:
            if name not in self._by_size:
                self._by_size[name] = sorted(((value, bits, bits.bit_count()) for value, bits in self.facet(name).items()),
                                             key=lambda item: -item[2])
            return self._by_size[name]

    def _facet_sql(self, name):
        documents = self.backend.documents_table
        id_list = self.backend.id_list
        if name in ("language", "category", "year"):
            column = "category_id" if name == "category" else name
            return (f"SELECT {column}, {id_list('page_id')} FROM {documents} "
                    f"WHERE {column} IS NOT NULL GROUP BY {column}")
        # Links of posts that are not documents do no harm: every count is taken within matching documents.
        if name == "tag":
            return f"SELECT tag_id, {id_list('content_object_id')} FROM {TaggedPost._meta.db_table} GROUP BY tag_id"
        if name == "author":
            table = PostPage.authors.through._meta.db_table
            return f"SELECT author_id, {id_list('postpage_id')} FROM {table} GROUP BY author_id"
        raise ValueError(f"no facet {name!r}")

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

    def _read_future(self):
        started = timezone.now()
        rows = self._fetch(f"SELECT date, page_id FROM {self.backend.documents_table} WHERE date > %s", [started])
        future = []
        for date, page_id in rows:
            if isinstance(date, str):
                date = parse_datetime(date)
            if timezone.is_naive(date):
                date = date.replace(tzinfo=datetime.timezone.utc)
            future.append((date, page_id))
        return future

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


_sets = {}
_sets_lock = threading.Lock()


def for_search(backend, db):
    """This process's sets for the site's index, new ones whenever the index has changed since they were read.

    ``db`` is ``django.db.connection``, which stands for each thread's own connection.
    """
    with db.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {SearchIndexState._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return DocumentSets(backend, db)
    key = (db.alias, str(db.settings_dict["NAME"]), backend.documents_table)
    with _sets_lock:
        token, sets = _sets.get(key, (None, None))
        if token != row[0]:
            sets = DocumentSets(backend, db)
            _sets[key] = (row[0], sets)
    return sets
