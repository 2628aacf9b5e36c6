"""Measuring search: recall@10, mean reciprocal rank and precision@10 over a fixed set of documents and queries.

The documents and the queries with their expected matches live in
``evaluation/``; the expected matches were written by reading the documents,
before any tuning. Besides queries with posts to find, the set has queries of two
kinds that test precision: ``absent`` ones, whose words are in no document in any
form (every exact match is wrong), and ``shared-root`` ones, whose words share a
root or letters with other words of the documents (``not_expected`` lists the
documents that must not be exact matches).

A query's results are read as the search page lists them: its exact matches, then
(when they are fewer than ten) its close ones, listed apart. Recall and MRR are
taken over the first ten of that list; precision over the exact matches among the
first ten only. The evaluation indexes the documents into temporary tables of the
database it is given, so it runs the real analysis, backend and ranking on SQLite
or PostgreSQL and leaves the site's own index untouched.
"""

import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from django.db import connections
from django.db.utils import load_backend

from . import query as query_parser
from . import thesaurus
from .backends import backend_for, full_text_schema, pairs_schema, title_schema
from .indexing import term_fields
from .matchsets import DocumentSets
from .searching import find, ranked_ids

EVALUATION_DIR = Path(__file__).with_name("evaluation")
DOCUMENTS_TABLE = "bayan_search_evaluation_documents"
FTS_TABLE = "bayan_search_evaluation_fts"
TITLE_TABLE = "bayan_search_evaluation_title_fts"
KINDS = ("match", "absent", "shared-root")


@dataclass
class QueryOutcome:
    query: str
    language: str
    expected: list
    exact: list
    close: list
    mode: str
    kind: str = "match"
    not_expected: list = field(default_factory=list)
    # Every exact match, not only the first ten: a wrong one anywhere counts.
    all_exact: list = field(default_factory=list)
    cutoff: int = 10

    @property
    def found(self):
        """What the page lists first: exact matches, then close ones, cut at ``cutoff``."""
        return (self.exact + self.close)[: self.cutoff]

    @property
    def recall(self):
        """Of the expected documents, the share found; None for a query that expects none."""
        if not self.expected:
            return None
        return len(set(self.expected) & set(self.found)) / len(self.expected)

    @property
    def reciprocal_rank(self):
        if not self.expected:
            return None
        for rank, key in enumerate(self.found, start=1):
            if key in self.expected:
                return 1 / rank
        return 0.0

    @property
    def precision(self):
        """Of the exact matches among the first ``cutoff``, the share expected; None if there is none."""
        exact = self.exact[: self.cutoff]
        if not exact:
            return None
        return len(set(self.expected) & set(exact)) / len(exact)

    @property
    def wrong(self):
        """Exact matches this query must not have: any at all for an absent word, the listed ones otherwise."""
        if self.kind == "absent":
            return sorted(self.all_exact)
        return sorted(set(self.all_exact) & set(self.not_expected))


def _mean(values):
    """The mean of the values that are not None; None if there is none."""
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


@dataclass
class Evaluation:
    backend: str
    outcomes: list = field(default_factory=list)

    def chosen(self, language=None, kind=None):
        return [outcome for outcome in self.outcomes
                if language in (None, outcome.language) and kind in (None, outcome.kind)]

    def recall(self, language=None, kind=None):
        return _mean(outcome.recall for outcome in self.chosen(language, kind))

    def mrr(self, language=None, kind=None):
        return _mean(outcome.reciprocal_rank for outcome in self.chosen(language, kind))

    def precision(self, language=None, kind=None):
        return _mean(outcome.precision for outcome in self.chosen(language, kind))

    def wrong(self):
        """The outcomes with an exact match they must not have."""
        return [outcome for outcome in self.outcomes if outcome.wrong]


def load(directory=EVALUATION_DIR):
    """(documents, queries) from the evaluation set's JSON files."""
    documents = json.loads((directory / "documents.json").read_text(encoding="utf-8"))
    queries = json.loads((directory / "queries.json").read_text(encoding="utf-8"))
    keys = {document["key"] for document in documents}
    for number, item in enumerate(queries, start=1):
        where = f"queries.json, query {number} ({item['query']!r})"
        unknown = (set(item["expected"]) | set(item.get("not_expected", []))) - keys
        if unknown:
            raise ValueError(f"{where}: unknown documents {sorted(unknown)}")
        if item.get("kind", "match") not in KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if set(item["expected"]) & set(item.get("not_expected", [])):
            raise ValueError(f"{where}: a document both expected and not")
    return documents, queries


def connect(url):
    """A database connection of its own for ``url`` (SQLite or PostgreSQL); ValueError if unusable."""
    settings_dict = connections.configure_settings({"default": dj_database_url.parse(url)})["default"]
    if settings_dict["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ValueError("search runs on SQLite or PostgreSQL only")
    # Known to Django's connections by its own alias, so that transaction.atomic(using=...) finds it
    # (PostgresBackend.matching reads a word's set in a transaction of its own).
    alias = f"evaluation-{next(_connection_numbers)}"
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    return connections[alias]


_connection_numbers = itertools.count(1)


def _schema(db):
    full_text = full_text_schema(db.vendor, DOCUMENTS_TABLE, FTS_TABLE, temporary=True)
    titles = title_schema(db.vendor, DOCUMENTS_TABLE, TITLE_TABLE, temporary=True)
    pairs = pairs_schema(db.vendor, DOCUMENTS_TABLE, index=f"{DOCUMENTS_TABLE}_pairs")
    return type(full_text)(create=full_text.create + titles.create + pairs.create,
                           drop=pairs.drop + titles.drop + full_text.drop)


def _create_tables(db):
    with db.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DOCUMENTS_TABLE} (page_id integer PRIMARY KEY, language varchar(12), "
            "date timestamp, year integer, category_id integer, title_terms text, body_terms text, "
            "form_terms text, close_terms text)"
        )
        for statement in _schema(db).create:
            cursor.execute(statement)


def _drop_tables(db):
    with db.cursor() as cursor:
        for statement in _schema(db).drop:
            cursor.execute(statement)
        cursor.execute(f"DROP TABLE IF EXISTS {DOCUMENTS_TABLE}")


def evaluate(db, documents, queries, cutoff=10):
    """Index ``documents`` into temporary tables on connection ``db`` and run every query."""
    equivalents = thesaurus.mapping(members for _label, members in thesaurus.default_groups())
    keys = {}
    _create_tables(db)
    try:
        with db.cursor() as cursor:
            for number, document in enumerate(documents, start=1):
                keys[number] = document["key"]
                fields = term_fields(document["title"], document["body"] + "\n" + " ".join(document.get("tags", [])))
                date = datetime.fromisoformat(document["date"]).replace(tzinfo=UTC)
                cursor.execute(
                    f"INSERT INTO {DOCUMENTS_TABLE} (page_id, language, date, year, category_id, title_terms, "
                    "body_terms, form_terms, close_terms) VALUES (%s, %s, %s, %s, NULL, %s, %s, %s, %s)",
                    [number, document["language"], date, date.year, fields["title_terms"], fields["body_terms"],
                     fields["form_terms"], fields["close_terms"]],
                )
        backend = backend_for(db, DOCUMENTS_TABLE, FTS_TABLE, TITLE_TABLE)
        sets = DocumentSets(backend, db)
        now = datetime.now(UTC)
        evaluation = Evaluation(backend=db.vendor)
        for item in queries:
            query = query_parser.parse(item["query"], equivalents)
            exact, close, all_exact, mode = [], [], [], "exact"
            if not query.is_empty:
                matched = find(sets, query, sets.visible(now))
                mode = matched.mode
                if matched.total:
                    exact = [keys[number] for number in ranked_ids(backend, sets, query, matched, cutoff, db=db)]
                    found = matched.exact & matched.allowed
                    all_exact = [key for number, key in keys.items() if found >> number & 1]
                if matched.close_total:
                    close = [keys[number] for number in ranked_ids(backend, sets, query, matched, cutoff, db=db,
                                                                   close=True)]
            evaluation.outcomes.append(QueryOutcome(
                item["query"], item["language"], item["expected"], exact, close, mode,
                kind=item.get("kind", "match"), not_expected=item.get("not_expected", []), all_exact=all_exact,
                cutoff=cutoff,
            ))
        return evaluation
    finally:
        _drop_tables(db)
