"""PostgreSQL: each document's title vector kept in its row, where ranking a search's title matches reads it
(``backends.title_vector_inline``). Only the column's setting changes, at once at any size: rows move as they are
written again (an edit, or ``bayan search-rebuild`` for all of them). SQLite has nothing to change."""

from django.db import migrations

from bayan.search.backends import title_vector_inline

DOCUMENTS = "bayan_search_searchdocument"


def keep_in_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(title_vector_inline(DOCUMENTS))


def keep_apart(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {DOCUMENTS} ALTER COLUMN title_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0008_phrase_pairs_on_postgresql")]

    operations = [migrations.RunPython(keep_in_rows, keep_apart)]
