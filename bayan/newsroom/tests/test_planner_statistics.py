import pytest
from django.db import connection

from bayan.database import refresh_statistics
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_refreshing_statistics_measures_the_archive_tables():
    make_post(tags=[tag_named("detention")])
    refresh_statistics()
    expected = {"newsroom_postpage", "newsroom_taggedpost", "wagtailcore_page"}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            # A table never measured has reltuples -1, and the planner guesses at ten pages of rows; an empty
            # table is measured too (SQLite records nothing for one).
            expected.add("wagtailcore_pageviewrestriction")
            cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= 0")
        measured = {row[0] for row in cursor.fetchall()}
    assert expected <= measured


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own statistics")
def test_an_import_stopped_halfway_still_leaves_statistics_for_what_it_kept(tmp_path, monkeypatch):
    from bayan.newsroom.models import PostPage
    from bayan.wxr import importer
    from bayan.wxr.tests.helpers import item, wxr

    monkeypatch.setattr(importer, "BATCH", 1)
    written = []
    flush = importer.Importer.flush

    def stop_after_the_first_batch(self):
        if written:
            raise SystemExit("stopped")
        flush(self)
        written.append(True)

    monkeypatch.setattr(importer.Importer, "flush", stop_after_the_first_batch)
    with pytest.raises(SystemExit):
        importer.import_files([wxr(tmp_path, item(1, "First", slug="first"), item(2, "Second", slug="second"))])
    assert PostPage.objects.filter(slug="first").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'newsroom_postpage'")
        assert cursor.fetchone()[0] > 0
