"""PostgreSQL: the function a word's documents are read through (``backends.MATCHING_FUNCTION``), which turns
sequential scans off for its own statement: one round trip where a transaction of its own took four. SQLite has
nothing to change."""

from django.db import migrations

from bayan.database import on_postgresql_only
from bayan.search.backends import MATCHING_FUNCTION, MATCHING_FUNCTION_SQL


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0010_postings_of_common_terms")]

    operations = [
        on_postgresql_only(MATCHING_FUNCTION_SQL, f"DROP FUNCTION IF EXISTS {MATCHING_FUNCTION}(regclass, text, text, text)"),
    ]
