"""PostgreSQL: every term indexed with its kind's mark, so that a match needs no weight label.

GIN cannot check a weight label: a match such as ``'word':ABC`` made PostgreSQL read every
matching row's vector again to check it, a second and a half for a common word at 100,000
posts. The vector is generated again with each kind's terms marked (``backends.KIND_MARKS``);
the labels stay for the ranking. The column is rebuilt from the term columns as it is added
(the table is rewritten once); SQLite has nothing to change.
"""

from django.db import migrations

from bayan.search.backends import full_text_schema

DOCUMENTS = "bayan_search_searchdocument"


COLUMNS = ("title_terms", "body_terms", "form_terms", "close_terms")
# The vector as 0002 to 0005 made it: each kind told apart by its weight label alone.
LABELLED = " || ".join(f"setweight(to_tsvector('simple', {column}), '{weight}')"
                       for column, weight in zip(COLUMNS, "ABCD", strict=True))


def marked(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema = full_text_schema("postgresql", DOCUMENTS)
        for statement in schema.drop + schema.create:
            schema_editor.execute(statement)


def labelled(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in full_text_schema("postgresql", DOCUMENTS).drop + [
            f"ALTER TABLE {DOCUMENTS} ADD COLUMN terms tsvector GENERATED ALWAYS AS ({LABELLED}) STORED",
            f"CREATE INDEX bayan_search_fts_terms ON {DOCUMENTS} USING gin (terms)",
        ]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0005_forms_and_close_terms")]

    operations = [migrations.RunPython(marked, labelled)]
