"""An author, category or tag with an empty slug has an archive with no address, and every page that
links it (its posts, the indexes) failed with a server error. Any such row gets a slug, then the
database refuses an empty one for good."""

from django.db import migrations, models


def give_each_a_slug(apps, schema_editor):
    for model_name, base, per_language in (("Author", "author", False), ("Category", "category", True),
                                           ("Tag", "tag", True)):
        model = apps.get_model("newsroom", model_name)
        for row in model.objects.filter(slug=""):
            siblings = model.objects.filter(locale_id=row.locale_id) if per_language else model.objects.all()
            taken = set(siblings.values_list("slug", flat=True))
            slug, number = base, 0
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            row.slug = slug
            row.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0010_scheduler_lease"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(give_each_a_slug, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.CheckConstraint(condition=~models.Q(slug=""), name="author_slug_not_empty"),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(condition=~models.Q(slug=""), name="category_slug_not_empty"),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.CheckConstraint(condition=~models.Q(slug=""), name="tag_slug_not_empty"),
        ),
    ]
