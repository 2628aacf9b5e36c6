"""The index of title stems alone, and the token that moves whenever a search document changes."""

from django.db import migrations, models

from bayan.search.backends import change_token_schema, title_schema

DOCUMENTS = "bayan_search_searchdocument"
STATE = "bayan_search_searchindexstate"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    apps.get_model("bayan_search", "SearchIndexState").objects.create(pk=1, token="initial")
    for statement in title_schema(vendor, DOCUMENTS).create + change_token_schema(vendor, DOCUMENTS, STATE).create:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in change_token_schema(vendor, DOCUMENTS, STATE).drop + title_schema(vendor, DOCUMENTS).drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0003_default_equivalents")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(default="", max_length=32)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
