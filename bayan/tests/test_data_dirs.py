"""A migrated data directory for `bayan` jobs in tests: what `bayan migrate` leaves, copied, never over a database."""

import sqlite3
from contextlib import closing

import pytest
from django.db.migrations.loader import MigrationLoader

from bayan.tests.data_dirs import migrated_cache, migrated_data_dir


def test_a_migrated_data_directory_has_every_migration_applied(tmp_path):
    data_dir = migrated_data_dir(tmp_path / "data")
    with sqlite3.connect(data_dir / "bayan.sqlite3") as copy:
        applied = set(copy.execute("SELECT app, name FROM django_migrations"))
    # Read from the files alone: every migration of the project, squashed ones as their squashed name.
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    assert known and known <= applied


def test_a_data_directory_holding_a_database_is_refused(tmp_path):
    (tmp_path / "bayan.sqlite3").write_bytes(b"an operator's site")
    with pytest.raises(FileExistsError, match="already holds a database"):
        migrated_data_dir(tmp_path)
    assert (tmp_path / "bayan.sqlite3").read_bytes() == b"an operator's site"


@pytest.mark.django_db
def test_the_test_database_starts_as_a_copy_of_the_migrated_one():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL pass copies a template (test_migrated_postgresql.py)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        in_test_database = set(cursor.fetchall())
    with closing(sqlite3.connect(migrated_cache() / "bayan.sqlite3")) as copy:
        assert set(copy.execute("SELECT app, name FROM django_migrations")) == in_test_database
    assert connection.creation._create_test_db.__name__ == "created_as_migrated"
