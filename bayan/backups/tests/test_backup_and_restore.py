"""A backup restored into a fresh instance holds every record and every file; damage is caught."""

import os
import sqlite3
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bayan.backups.snapshot import BackupError, create_backup, restore_backup, verify_backup
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.models import ContentChange, ContentGeneration

# Committed data: SQLite cannot copy a database out of a connection with an open write transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content(settings, tmp_path):
    make_post("en", "Lawyer summoned", tags=["lawyers"])
    make_post("ar", "اعتقال صحفي في حمص", tags=["حمص"])
    settings.MEDIA_ROOT = tmp_path / "site-media"
    upload = settings.MEDIA_ROOT / "documents" / "statement.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("signed statement")


def bayan(data_dir, *args):
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "BAYAN_MEDIA_DIR")}
    environment.update(BAYAN_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="bayan.settings")
    return subprocess.run([sys.executable, "-m", "bayan.cli", *args], env=environment, capture_output=True,
                          text=True, timeout=300)


def rows(cursor, table):
    """Every row, each value as SQLite stores it (CAST keeps Django's type converters out of it)."""
    cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
    columns = ", ".join(f'CAST("{column[0]}" AS BLOB)' for column in cursor.description)
    cursor.execute(f'SELECT {columns} FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


GENERATION_TABLE = ContentGeneration._meta.db_table
CHANGE_LOG_TABLE = ContentChange._meta.db_table


@pytest.mark.skipif("os.environ.get('DATABASE_URL')", reason="the SQLite round trip; PostgreSQL has its own test")
def test_restoring_into_a_fresh_instance_brings_back_every_record_and_file(content, tmp_path):
    archive = create_backup(tmp_path / "backups")
    assert (tmp_path / "backups" / (archive.name + ".sha256")).exists()
    fresh = tmp_path / "fresh"
    result = bayan(fresh, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    restored = sqlite3.connect(fresh / "bayan.sqlite3")
    with connection.cursor() as ours:
        tables = connection.introspection.table_names(ours)
        theirs = restored.cursor()
        for table in tables:
            if table == GENERATION_TABLE:
                # A restore starts a content generation of its own: nothing cached before it may be served.
                assert rows(ours, table) != rows(theirs, table)
                continue
            if table == CHANGE_LOG_TABLE:
                # ... and logs that anything may have changed, besides the entries it brought back.
                restored_entries = rows(theirs, table)
                assert any(b"*" in entry for entry in restored_entries)
                assert {entry for entry in restored_entries if b"*" not in entry} <= set(rows(ours, table))
                continue
            assert rows(ours, table) == rows(theirs, table), table
    assert (fresh / "media" / "documents" / "statement.txt").read_text() == "signed statement"
    served = bayan(fresh, "check")
    assert served.returncode == 0, served.stderr


def test_a_damaged_archive_is_refused_before_anything_is_written(content, tmp_path):
    archive = create_backup(tmp_path)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="checksum does not match"):
        verify_backup(archive)


def test_a_changed_member_is_caught_even_without_the_checksum_file(content, tmp_path):
    archive = create_backup(tmp_path)
    (tmp_path / (archive.name + ".sha256")).unlink()
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "media" / "documents" / "statement.txt").write_text("altered statement")
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    with pytest.raises(BackupError, match="statement.txt is missing or damaged"):
        verify_backup(archive)


def test_restore_refuses_an_instance_that_holds_data(content, tmp_path):
    archive = create_backup(tmp_path)
    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(archive)


def test_commands_report_problems_without_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("just text")
    with pytest.raises(CommandError, match="not a Bayan backup"):
        call_command("restore", "--check", str(not_a_backup))


def test_check_reports_an_intact_archive(content, tmp_path, capsys):
    archive = create_backup(tmp_path)
    call_command("restore", "--check", str(archive))
    assert "is intact" in capsys.readouterr().out


@pytest.mark.postgres
def test_postgresql_backup_restores_into_an_empty_database(content, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of ./run test")
    import psycopg

    archive = create_backup(tmp_path / "backups")
    source = django_settings.DATABASES["default"]
    server = f"postgresql://{source['USER']}@{source['HOST']}:{source['PORT']}"
    target = "bayan_restore_check"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {target}")
        admin.execute(f"CREATE DATABASE {target}")
    try:
        environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        environment.update(BAYAN_DATA_DIR=str(tmp_path / "fresh"), DATABASE_URL=f"{server}/{target}",
                           DJANGO_SETTINGS_MODULE="bayan.settings")
        result = subprocess.run([sys.executable, "-m", "bayan.cli", "restore", str(archive)], env=environment,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(f"{server}/{target}") as restored, connection.cursor() as ours:
            for table in connection.introspection.table_names(ours):
                if table == GENERATION_TABLE:
                    continue  # a restore starts a content generation of its own
                # Whole rows as PostgreSQL's own text, so neither driver's type conversion is compared.
                ours.execute(f'SELECT t::text FROM "{table}" t')
                expected = sorted(ours.fetchall())
                actual = sorted(restored.execute(f'SELECT t::text FROM "{table}" t').fetchall())
                if table == CHANGE_LOG_TABLE:
                    # The restore logs that anything may have changed, besides the entries it brought back.
                    actual = [row for row in actual if ",*," not in row[0]]
                assert expected == actual, table
        assert (tmp_path / "fresh" / "media" / "documents" / "statement.txt").exists()
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
