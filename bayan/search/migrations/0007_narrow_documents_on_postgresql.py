"""PostgreSQL: the search documents' rows kept narrow, their term columns stored out of line.

A word's documents are listed from the GIN index, then each matching row is visited for its
page id: with the term columns inline (about two kilobytes a row, six rows a page) a common
word visited ten thousand pages at 100,000 posts. With a TOAST target of 128 bytes the long
columns go to the TOAST table and forty rows share a page. ``VACUUM FULL`` moves the rows
already written (it locks the table meanwhile: about twenty seconds at 100,000 posts), so this
migration runs outside a transaction. SQLite has nothing to change.
"""

from django.db import migrations

DOCUMENTS = "bayan_search_searchdocument"


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {DOCUMENTS} SET (toast_tuple_target = 128)")
        schema_editor.execute(f"VACUUM FULL {DOCUMENTS}")


def wide(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {DOCUMENTS} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("bayan_search", "0006_kind_marks_on_postgresql")]

    operations = [migrations.RunPython(narrow, wide)]
