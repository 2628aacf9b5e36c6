"""The embedded database is SQLite in WAL mode inside the data directory."""

import pytest
from django.conf import settings
from django.db import connection as default_connection

from bayan.engines.sqlite3.base import DatabaseWrapper


@pytest.mark.skipif(default_connection.vendor != "sqlite", reason="SQLite only")
def test_a_new_sqlite_connection_uses_write_ahead_logging(tmp_path, django_db_blocker):
    options = dict(settings.DATABASES["default"], NAME=str(tmp_path / "bayan.sqlite3"))
    connection = DatabaseWrapper(options)
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        connection.close()
