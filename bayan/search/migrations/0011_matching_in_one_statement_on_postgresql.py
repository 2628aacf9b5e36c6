"""PostgreSQL: the function a word's documents are read through (``backends.MATCHING_FUNCTION``), which turns
sequential scans off for its own statement: one round trip where a transaction of its own took four. SQLite has
nothing to change."""

from django.db import migrations

from bayan.search.backends import MATCHING_FUNCTION, MATCHING_FUNCTION_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the function's body holds format()'s own "%s".
        schema_editor.execute(MATCHING_FUNCTION_SQL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {MATCHING_FUNCTION}(regclass, text, text, text)")


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0010_postings_of_common_terms")]

    operations = [migrations.RunPython(create, drop)]
