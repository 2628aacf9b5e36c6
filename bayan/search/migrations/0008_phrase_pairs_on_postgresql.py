"""PostgreSQL: an index of neighbouring stems, so that a phrase is found by GIN alone.

A phrase matched on the weighted vector made PostgreSQL check every post with all of its
words (backends.pairs_schema). The index is built on an expression, so nothing is stored in
the rows; it is built concurrently, without blocking writes (about two minutes at 100,000
posts), so this migration runs outside a transaction. SQLite has nothing to change.
"""

from django.db import migrations

from bayan.search.backends import pairs_schema

DOCUMENTS = "bayan_search_searchdocument"


def create(apps, schema_editor):
    for statement in pairs_schema(schema_editor.connection.vendor, DOCUMENTS, concurrently=True).create:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in pairs_schema(schema_editor.connection.vendor, DOCUMENTS, concurrently=True).drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("bayan_search", "0007_narrow_documents_on_postgresql")]

    operations = [migrations.RunPython(create, drop)]
