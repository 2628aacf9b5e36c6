"""The evaluation set and what it says about search quality on each database."""

import pytest
from django.core.management import call_command
from django.db import connection

from bayan.search.evaluation import connect, evaluate, load

pytestmark = pytest.mark.django_db


def test_the_evaluation_set_is_large_enough_and_consistent():
    documents, queries = load()
    assert len(queries) >= 80
    assert sum(item["language"] == "ar" for item in queries) >= len(queries) / 2
    kinds = [item.get("kind", "match") for item in queries]
    assert kinds.count("absent") >= 8 and kinds.count("shared-root") >= 8
    for item, kind in zip(queries, kinds, strict=True):
        if kind == "absent":
            assert item["expected"] == [] and "not_expected" not in item
        else:
            assert 1 <= len(item["expected"]) <= 8
        if kind == "shared-root":
            assert item["not_expected"]
    assert len({document["key"] for document in documents}) == len(documents)


def test_recall_at_ten_is_at_least_095_on_this_database():
    documents, queries = load()
    result = evaluate(connection, documents, queries)
    misses = [(outcome.query, sorted(set(outcome.expected) - set(outcome.found)))
              for outcome in result.outcomes if outcome.recall is not None and outcome.recall < 1]
    assert result.recall() >= 0.95, misses
    assert result.mrr() >= 0.8


def test_no_word_is_found_exactly_where_only_a_word_sharing_its_root_or_letters_is():
    documents, queries = load()
    result = evaluate(connection, documents, queries)
    assert [(outcome.query, outcome.wrong) for outcome in result.wrong()] == []
    assert result.precision() >= 0.95
    # What an absent word finds is shown as close matches, never as results.
    association = next(outcome for outcome in result.outcomes if outcome.query == "جمعية")
    assert (association.exact, association.mode) == ([], "close")
    assert {"ar-21", "ar-22"} <= set(association.close)


def test_the_command_prints_recall_mrr_and_precision(capsys):
    call_command("search_evaluate", "--database-url", "sqlite:///:memory:")
    output = capsys.readouterr().out
    assert "recall@10" in output and "precision@10" in output
    assert output.count("sqlite") >= 1


def test_the_command_names_a_database_it_cannot_use():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="mysql://x"):
        call_command("search_evaluate", "--database-url", "mysql://x")


@pytest.mark.postgres
def test_postgresql_and_sqlite_find_the_same_documents():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of ./run test")
    documents, queries = load()
    on_postgres = evaluate(connection, documents, queries, cutoff=1000)
    sqlite = connect("sqlite:///:memory:")
    try:
        on_sqlite = evaluate(sqlite, documents, queries, cutoff=1000)
    finally:
        sqlite.close()
    for ours, theirs in zip(on_postgres.outcomes, on_sqlite.outcomes, strict=True):
        assert (ours.query, sorted(ours.exact), sorted(ours.close), ours.mode) == (
            theirs.query, sorted(theirs.exact), sorted(theirs.close), theirs.mode)


@pytest.mark.postgres
def test_the_command_evaluates_a_postgresql_database_named_by_its_address(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of ./run test")
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    call_command("search_evaluate", "--database-url", url)
    # The site's database, then the same one named by its address.
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("postgresql")]
    assert len(rows) == 2
    assert all(float(row.split()[-10]) >= 0.95 for row in rows)
