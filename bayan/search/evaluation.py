"""Measuring search: recall@10 and mean reciprocal rank over a fixed set of documents and queries.

The documents and the queries with their expected matches live in
``evaluation/``; the expected matches were written by reading the documents,
before any tuning. The evaluation indexes the documents into temporary tables
of the database it is given, so it runs the real analysis, backend and ranking
on SQLite or PostgreSQL and leaves the site's own index untouched.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import dj_database_url
from django.db import connections
from django.db.utils import load_backend

from . import query as query_parser
from . import thesaurus
from .backends import backend_for, full_text_schema, title_schema
from .indexing import term_fields
from .matchsets import DocumentSets
from .searching import find, ranked_ids

EVALUATION_DIR = Path(__file__).with_name("evaluation")
DOCUMENTS_TABLE = "bayan_search_evaluation_documents"
FTS_TABLE = "bayan_search_evaluation_fts"
TITLE_TABLE = "bayan_search_evaluation_title_fts"


@dataclass
class QueryOutcome:
    query: str
    language: str
    expected: list
    found: list
    mode: str

    @property
    def recall(self):
        return len(set(self.expected) & set(self.found)) / len(self.expected)

    @property
    def reciprocal_rank(self):
        for rank, key in enumerate(self.found, start=1):
            if key in self.expected:
                return 1 / rank
        return 0.0


@dataclass
class Evaluation:
    backend: str
    outcomes: list = field(default_factory=list)

    def recall(self, language=None):
        chosen = [outcome for outcome in self.outcomes if language in (None, outcome.language)]
        return sum(outcome.recall for outcome in chosen) / len(chosen) if chosen else 0.0

    def mrr(self, language=None):
        chosen = [outcome for outcome in self.outcomes if language in (None, outcome.language)]
        return sum(outcome.reciprocal_rank for outcome in chosen) / len(chosen) if chosen else 0.0


def load(directory=EVALUATION_DIR):
    """(documents, queries) from the evaluation set's JSON files."""
    documents = json.loads((directory / "documents.json").read_text(encoding="utf-8"))
    queries = json.loads((directory / "queries.json").read_text(encoding="utf-8"))
    keys = {document["key"] for document in documents}
    for number, item in enumerate(queries, start=1):
        unknown = set(item["expected"]) - keys
        if unknown:
            raise ValueError(f"queries.json, query {number} ({item['query']!r}): unknown documents {sorted(unknown)}")
    return documents, queries


def connect(url):
    """A database connection of its own for ``url`` (SQLite or PostgreSQL); ValueError if unusable."""
    settings_dict = connections.configure_settings({"default": dj_database_url.parse(url)})["default"]
    if settings_dict["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ValueError("search runs on SQLite or PostgreSQL only")
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "evaluation")


def _schema(db):
    full_text = full_text_schema(db.vendor, DOCUMENTS_TABLE, FTS_TABLE, temporary=True)
    titles = title_schema(db.vendor, DOCUMENTS_TABLE, TITLE_TABLE, temporary=True)
    return type(full_text)(create=full_text.create + titles.create, drop=titles.drop + full_text.drop)


def _create_tables(db):
    with db.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DOCUMENTS_TABLE} (page_id integer PRIMARY KEY, language varchar(12), "
            "date timestamp, year integer, category_id integer, title_terms text, body_terms text, "
            "family_terms text, sound_terms text)"
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
                date = datetime.fromisoformat(document["date"]).replace(tzinfo=timezone.utc)
                cursor.execute(
                    f"INSERT INTO {DOCUMENTS_TABLE} (page_id, language, date, year, category_id, title_terms, "
                    "body_terms, family_terms, sound_terms) VALUES (%s, %s, %s, %s, NULL, %s, %s, %s, %s)",
                    [number, document["language"], date, date.year, fields["title_terms"], fields["body_terms"],
                     fields["family_terms"], fields["sound_terms"]],
                )
        backend = backend_for(db, DOCUMENTS_TABLE, FTS_TABLE, TITLE_TABLE)
        sets = DocumentSets(backend, db)
        now = datetime.now(timezone.utc)
        evaluation = Evaluation(backend=db.vendor)
        for item in queries:
            query = query_parser.parse(item["query"], equivalents)
            found, mode = [], "exact"
            if not query.is_empty:
                matched = find(sets, query, sets.visible(now))
                mode = matched.mode
                if matched.total:
                    ranked = ranked_ids(backend, sets, query, matched, cutoff, db=db)
                    found = [keys[number] for number in ranked]
            evaluation.outcomes.append(QueryOutcome(item["query"], item["language"], item["expected"], found, mode))
        return evaluation
    finally:
        _drop_tables(db)
