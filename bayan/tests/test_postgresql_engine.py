"""PostgreSQL's connections: one used moments ago is not health-checked again; one the server dropped fails once."""

import time

import pytest
from django.db import OperationalError, connection

from bayan.engines.postgresql.base import RECENTLY_USED, DatabaseWrapper

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
