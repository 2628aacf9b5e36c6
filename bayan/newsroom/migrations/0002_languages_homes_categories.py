"""Create the Arabic locale, one home page per language (translations of each other) and the starting categories."""

import uuid

from django.db import migrations

CATEGORIES = [
    ("press release", "press-release", "بيان صحفي", "بيان-صحفي"),
    ("statement", "statement", "بيان", "بيان"),
    ("report", "report", "تقرير", "تقرير"),
    ("news", "news", "أخبار", "أخبار"),
]


def create_structure(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("newsroom.HomePage")
    Category = apps.get_model("newsroom.Category")

    english, _ = Locale.objects.get_or_create(language_code="en")
    arabic, _ = Locale.objects.get_or_create(language_code="ar")

    # Wagtail's own first migration leaves a placeholder welcome page; a newsroom starts clean.
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="newsroom")
    key = uuid.uuid4()
    homes = {}
    for position, (locale, title, slug) in enumerate(
        [(english, "Home", "home"), (arabic, "الرئيسية", "home-ar")], start=1
    ):
        homes[locale.language_code] = HomePage.objects.create(
            title=title, draft_title=title, slug=slug, content_type=home_type,
            path=f"0001{position:04d}", depth=2, numchild=0, url_path=f"/{slug}/",
            locale=locale, translation_key=key, live=True,
        )
    Page.objects.filter(depth=1).update(numchild=2)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=homes["en"], is_default_site=True, site_name="Bayan")

    for english_name, english_slug, arabic_name, arabic_slug in CATEGORIES:
        key = uuid.uuid4()
        Category.objects.create(name=english_name, slug=english_slug, locale=english, translation_key=key)
        Category.objects.create(name=arabic_name, slug=arabic_slug, locale=arabic, translation_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_structure, migrations.RunPython.noop)]
