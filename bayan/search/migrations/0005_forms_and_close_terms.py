"""Analysis 2: the words' other forms and their close terms in columns named for them, and the
version of the analysis that wrote each document.

SQLite's FTS5 table names the columns it indexes, so it is dropped before they are renamed and
made again after, from the documents; PostgreSQL's generated tsvector follows a renamed column by
itself. The documents keep what the earlier analysis wrote (``analysis`` null) until the index is
rebuilt: ``bayan migrate`` does that when it ends (``bayan.search.state``).
"""

from django.db import migrations, models

from bayan.search.backends import full_text_schema

DOCUMENTS = "bayan_search_searchdocument"
FTS = "bayan_search_fts"
EARLIER_COLUMNS = ("title_terms", "body_terms", "family_terms", "sound_terms")
COLUMNS = ("title_terms", "body_terms", "form_terms", "close_terms")


def _drop(schema_editor, columns):
    if schema_editor.connection.vendor == "sqlite":
        for statement in full_text_schema("sqlite", DOCUMENTS, FTS, columns=columns).drop:
            schema_editor.execute(statement)


def _create(schema_editor, columns):
    if schema_editor.connection.vendor == "sqlite":
        for statement in full_text_schema("sqlite", DOCUMENTS, FTS, columns=columns).create:
            schema_editor.execute(statement)
        schema_editor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def drop_earlier(apps, schema_editor):
    _drop(schema_editor, EARLIER_COLUMNS)


def create_earlier(apps, schema_editor):
    _create(schema_editor, EARLIER_COLUMNS)


def create(apps, schema_editor):
    _create(schema_editor, COLUMNS)


def drop(apps, schema_editor):
    _drop(schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0004_title_index_and_change_log")]

    operations = [
        migrations.RunPython(drop_earlier, create_earlier),
        migrations.RenameField("searchdocument", "family_terms", "form_terms"),
        migrations.RenameField("searchdocument", "sound_terms", "close_terms"),
        migrations.AddField("searchdocument", "analysis", models.PositiveSmallIntegerField(null=True)),
        migrations.AddIndex("searchdocument", models.Index(fields=["analysis"], name="bayan_search_analysis")),
        migrations.RunPython(create, drop),
    ]
