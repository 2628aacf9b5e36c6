"""The roles every newsroom starts with; editors add, rename or remove them in the admin."""

from django.db import migrations

ROLES = [
    ("journalist", "Journalist", "صحفي"),
    ("media-worker", "Media worker", "عامل في الإعلام"),
    ("citizen-journalist", "Citizen journalist", "صحفي مواطن"),
    ("blogger", "Blogger", "مدوّن"),
    ("lawyer", "Lawyer", "محامٍ"),
    ("human-rights-defender", "Human-rights defender", "مدافع عن حقوق الإنسان"),
    ("activist", "Activist", "ناشط"),
    ("software-developer", "Software developer", "مطوّر برمجيات"),
    ("other", "Other", "غير ذلك"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("cases", "Role")
    for order, (slug, name_en, name_ar) in enumerate(ROLES):
        Role.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_ar": name_ar, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
