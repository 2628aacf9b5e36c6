import pytest
from django.db import connection

from bayan.database import refresh_statistics
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own statistics")
def test_refreshing_statistics_measures_the_archive_tables():
    make_post(tags=[tag_named("detention")])
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        measured = {row[0] for row in cursor.fetchall()}
    assert {"newsroom_postpage", "newsroom_taggedpost", "wagtailcore_page"} <= measured
