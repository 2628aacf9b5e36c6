"""PostgreSQL's connections: one used moments ago is not health-checked again; one the server dropped fails once;
a statement prepared on one is planned once."""

import time

import pytest
from django.db import OperationalError, connection

from bayan.engines.postgresql.base import RECENTLY_USED, DatabaseWrapper
from bayan.newsroom.services import author_named
from bayan.newsroom.tests.factories import make_post

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's engine"),
    pytest.mark.django_db,
]


@pytest.fixture
def own_connection():
    """A connection of its own to the test database, with health checks on as the site has them."""
    db = DatabaseWrapper({**connection.settings_dict, "CONN_HEALTH_CHECKS": True, "CONN_MAX_AGE": 600},
                         alias="health-check-test")
    yield db
    db.close()


def request(db):
    """What a request does: Django's check at its start, then a statement."""
    db.close_if_unusable_or_obsolete()
    with db.cursor() as cursor:
        cursor.execute("SELECT 1 + 1")
        return cursor.fetchone()[0]


def test_a_connection_used_moments_ago_is_not_checked_and_an_idle_one_is(own_connection, monkeypatch):
    checks = []
    usable = own_connection.is_usable
    monkeypatch.setattr(own_connection, "is_usable", lambda: checks.append("SELECT 1") or usable())
    assert request(own_connection) == 2 and request(own_connection) == 2
    assert checks == []
    own_connection.used_at -= RECENTLY_USED + 1
    assert request(own_connection) == 2
    assert checks == ["SELECT 1"]


def test_a_connection_the_server_dropped_fails_one_request_and_the_next_connects_anew(own_connection):
    request(own_connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [own_connection.connection.info.backend_pid])
    time.sleep(0.2)
    with pytest.raises(OperationalError):
        request(own_connection)
    assert request(own_connection) == 2


def test_dates_are_read_by_the_faster_loader_exactly_as_django_reads_them():
    from datetime import UTC, datetime, timedelta

    from django.db import DataError
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader

    from bayan.engines.postgresql.base import UtcTimestampLoader

    with connection.cursor() as cursor:
        assert cursor.connection.adapters.get_loader(1184, 0) is UtcTimestampLoader
        cursor.execute("SELECT '2026-12-06 05:43:56.8533+00'::timestamptz, '2020-01-01 00:00:00+03'::timestamptz, "
                       "'0044-03-15 12:00:00+00'::timestamptz, now()")
        ides, offset, ancient, now = cursor.fetchone()
        assert ides == datetime(2026, 12, 6, 5, 43, 56, 853300, tzinfo=UTC) and ides.tzinfo is UTC
        assert offset == datetime(2019, 12, 31, 21, 0, tzinfo=UTC) and offset.tzinfo is UTC
        assert ancient == datetime(44, 3, 15, 12, tzinfo=UTC)
        assert abs(now - datetime.now(UTC)) < timedelta(minutes=5) and now.tzinfo is UTC
        # What neither can represent is refused as Django's loader refuses it.
        for value in ("infinity", "10000-01-01 00:00:00+00"):
            with pytest.raises(DataError):
                cursor.execute(f"SELECT '{value}'::timestamptz")
                cursor.fetchone()
    assert issubclass(UtcTimestampLoader, BaseTzLoader)


def test_every_statement_a_post_page_prepares_is_planned_once_not_on_every_request(client, settings):
    """PostgreSQL keeps a prepared statement's generic plan only when it costs no more than the plans made for
    the values given; a statement it plans again on every call spends the server's time on each request. (A
    post page's filing did on the 10,000-post benchmark, 0.8 ms of 0.9, when its one post was given as an
    array; this small database's estimates do not show that case, which the prepared lookups' test pins.)"""
    settings.BAYAN_PAGE_CACHE = False
    english = make_post("en", "Planned once", slug="planned-once", tags=["detention"],
                        authors=[author_named("Desk", "desk")])
    make_post("ar", "مخطط مرة", slug="planned-once-ar", translation_of=english)
    before = plans_so_far()
    for _request in range(20):
        assert client.get(english.url).status_code == 200
    after = plans_so_far()
    assert after, "psycopg prepared none of the page's statements"
    # Counted from here: the connection may hold statements an earlier test prepared.
    planned_each_time = [statement for statement, (generic, custom) in after.items()
                         if custom - before.get(statement, (0, 0))[1] > 5
                         and generic == before.get(statement, (0, 0))[0]]
    assert planned_each_time == []


def plans_so_far():
    """``{statement: (generic plans, custom plans)}`` of what this connection prepared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        return {statement: (generic, custom) for statement, generic, custom in cursor.fetchall()}
