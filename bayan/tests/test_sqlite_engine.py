"""SQLite's engine: a statement's placeholders converted once, to exactly what Django's cursor converts them to."""

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper as DjangoCursor

from bayan.engines.sqlite3 import base
from bayan.newsroom.models import PostPage
from bayan.newsroom.tests.factories import make_post

pytestmark = [pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's engine"), pytest.mark.django_db]

STATEMENTS = [
    "SELECT %s",
    "SELECT * FROM t WHERE a = %s AND b LIKE '100%%' AND c IN (%s, %s)",
    "SELECT '%%s' || %s",
    "SELECT 1",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_statement_is_converted_as_djangos_cursor_converts_it_and_kept(statement):
    with connection.cursor() as cursor:
        ours = cursor.cursor
        assert isinstance(ours, base.SQLiteCursorWrapper)
        expected = DjangoCursor.convert_query(ours, statement)
        assert ours.convert_query(statement) == expected
        assert base._converted[statement] == expected
        assert ours.convert_query(statement) == expected


def test_named_placeholders_are_converted_each_time_as_by_django():
    with connection.cursor() as cursor:
        statement = "SELECT %(a)s, %(b)s"
        assert cursor.cursor.convert_query(statement, param_names=["a", "b"]) == "SELECT :a, :b"
        assert statement not in base._converted


def test_past_the_bound_statements_are_converted_but_not_kept(monkeypatch):
    monkeypatch.setattr(base, "_converted", {})
    monkeypatch.setattr(base, "CONVERTED_KEPT", 1)
    with connection.cursor() as cursor:
        assert cursor.cursor.convert_query("SELECT %s") == "SELECT ?"
        assert cursor.cursor.convert_query("SELECT %s, %s") == "SELECT ?, ?"
    assert base._converted == {"SELECT %s": "SELECT ?"}


def test_the_orm_reads_and_writes_through_it():
    post = make_post(title="A statement on the detained, 100% fictional")
    # The second time, the statement's converted text is the one kept from the first.
    for _time in range(2):
        assert PostPage.objects.filter(title__contains="100%").get().pk == post.pk
    assert any("LIKE" in statement for statement in base._converted)
