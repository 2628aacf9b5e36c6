"""The index of title stems alone, and the log of changed documents that processes' sets follow."""

from django.db import migrations, models

from bayan.search.backends import change_log_schema, title_schema

DOCUMENTS = "bayan_search_searchdocument"
LOG = "bayan_search_searchchange"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in title_schema(vendor, DOCUMENTS).create + change_log_schema(vendor, DOCUMENTS, LOG).create:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in change_log_schema(vendor, DOCUMENTS, LOG).drop + title_schema(vendor, DOCUMENTS).drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0003_default_equivalents")]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("page_id", models.BigIntegerField()),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
