"""Tags typed on posts with a name slugify empties ("!!!") were saved with an empty slug, which left
their archive with no address and the post's page with a server error: each gets one."""

from django.db import migrations


def give_each_a_slug(apps, schema_editor):
    Tag = apps.get_model("newsroom", "Tag")
    for tag in Tag.objects.filter(slug=""):
        taken = set(Tag.objects.filter(locale_id=tag.locale_id).values_list("slug", flat=True))
        slug, number = "tag", 0
        while slug in taken:
            number += 1
            slug = f"tag_{number}"
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0008_mirror_key_on_pages")]

    operations = [migrations.RunPython(give_each_a_slug, migrations.RunPython.noop)]
