"""Migrated PostgreSQL databases for tests: copies of one template, with every migration applied, each its own."""

import os
import secrets

import psycopg
import pytest
from django.db.migrations.loader import MigrationLoader

from bayan.tests.migrated_postgresql import database_url, new_migrated_database, template_name

SERVER = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not SERVER.startswith("postgres"), reason="needs the PostgreSQL server of the suite's run"),
]


@pytest.fixture
def copies():
    names = []
    yield names
    with psycopg.connect(SERVER, autocommit=True) as server:
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def applied_migrations(name):
    with psycopg.connect(database_url(SERVER, name)) as copy:
        return set(copy.execute("SELECT app, name FROM django_migrations").fetchall())


def test_a_copy_has_every_migration_applied_and_writes_to_it_stay_in_it(copies):
    first = new_migrated_database(SERVER, f"bayan_copy_{secrets.token_hex(4)}")
    copies.append(first)
    second = new_migrated_database(SERVER, f"bayan_copy_{secrets.token_hex(4)}")
    copies.append(second)
    # Read from the files alone: every migration of the project, squashed ones as their squashed name.
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    assert known and known <= applied_migrations(first)
    with psycopg.connect(database_url(SERVER, first), autocommit=True) as copy:
        copy.execute("DELETE FROM django_migrations WHERE app = 'newsroom'")
    assert ("newsroom", "0001_initial") in applied_migrations(second)
    assert ("newsroom", "0001_initial") in applied_migrations(template_name())


@pytest.mark.django_db
def test_the_test_database_is_a_copy_of_the_template():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        (in_test_database,) = cursor.fetchone()
    assert in_test_database == len(applied_migrations(template_name()))
    assert connection.settings_dict["TEST"]["TEMPLATE"] == template_name()
