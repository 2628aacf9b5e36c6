"""The full-text structure each database searches: FTS5 on SQLite, a tsvector column on PostgreSQL.

Both are filled from SearchDocument's term columns, which hold already-analysed
words, so the two databases match the same terms; only their ranking formulas differ.
The columns had these names until migration 0005.
"""

from django.db import migrations

from bayan.search.backends import full_text_schema

COLUMNS = ("title_terms", "body_terms", "family_terms", "sound_terms")


def create(apps, schema_editor):
    for statement in full_text_schema(schema_editor.connection.vendor, "bayan_search_searchdocument", columns=COLUMNS).create:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in full_text_schema(schema_editor.connection.vendor, "bayan_search_searchdocument", columns=COLUMNS).drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
