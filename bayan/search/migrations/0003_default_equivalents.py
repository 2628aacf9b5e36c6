from django.db import migrations


def add_defaults(apps, schema_editor):
    from bayan.search.thesaurus import default_groups, stems_of

    SearchEquivalent = apps.get_model("bayan_search", "SearchEquivalent")
    for label, members in default_groups():
        SearchEquivalent.objects.create(label=label, words="\n".join(members), stems=stems_of(members))


class Migration(migrations.Migration):
    dependencies = [("bayan_search", "0002_full_text_structures")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
