"""Bulk writes (an import, the demo) end with the database measuring its tables, on SQLite and on PostgreSQL."""

import logging

import pytest
from django.db import OperationalError, connection

from bayan.database import refresh_statistics
from bayan.newsroom.models import PostPage
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post
from bayan.wxr import importer
from bayan.wxr.tests.helpers import item, wxr

pytestmark = pytest.mark.django_db


def measured_tables():
    """The tables measured within this test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Written by ANALYZE in the transaction, and rolled back with it.
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            # PostgreSQL keeps what an earlier test measured; now() is when this test's transaction began.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze >= now()")
        return {row[0] for row in cursor.fetchall()}


def test_refreshing_statistics_measures_the_archive_tables():
    make_post(tags=[tag_named("detention")])
    refresh_statistics()
    expected = {"newsroom_postpage", "newsroom_taggedpost", "wagtailcore_page"}
    if connection.vendor == "postgresql":
        # Never written, autovacuum would never measure it, and the planner would guess at ten pages of rows
        # (SQLite records nothing for an empty table).
        expected.add("wagtailcore_pageviewrestriction")
    assert expected <= measured_tables()


def stopping_after_the_first_batch(monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 1)
    written = []
    flush = importer.Importer.flush

    def flush_once(self):
        if written:
            raise SystemExit("stopped")
        flush(self)
        written.append(True)

    monkeypatch.setattr(importer.Importer, "flush", flush_once)


def test_an_import_stopped_halfway_still_leaves_statistics_for_what_it_kept(tmp_path, monkeypatch):
    stopping_after_the_first_batch(monkeypatch)
    with pytest.raises(SystemExit):
        importer.import_files([wxr(tmp_path, item(1, "First", slug="first"), item(2, "Second", slug="second"))])
    assert PostPage.objects.filter(slug="first").exists()
    assert "newsroom_postpage" in measured_tables()


def test_statistics_that_cannot_be_gathered_neither_fail_an_import_nor_hide_why_it_stopped(
        tmp_path, monkeypatch, caplog):
    def database_gone():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(importer, "refresh_statistics", database_gone)
    with caplog.at_level(logging.WARNING, logger="bayan.wxr.importer"):
        report = importer.import_files([wxr(tmp_path, item(1, "Kept", slug="kept"))])
    assert PostPage.objects.filter(slug="kept").exists() and report.dry_run is False
    assert "statistics" in caplog.text and "server closed the connection" in caplog.text
    stopping_after_the_first_batch(monkeypatch)
    with pytest.raises(SystemExit, match="stopped"):
        importer.import_files([wxr(tmp_path, item(2, "First", slug="first"), item(3, "Second", slug="second"))])
