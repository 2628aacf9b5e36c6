"""A tag listing belongs to a tag of its own language.

``newsroom.0007`` gave tags a language and split those carried in several: the listing of a
split tag's posts in another language now belongs to the copy made in that language. A tag
listing left with no tag of its language held no posts (each listed post carries its tag), so
it goes.
"""

from django.db import migrations


def follow_split_tags(apps, schema_editor):
    Listing = apps.get_model("archives", "Listing")
    Tag = apps.get_model("newsroom", "Tag")
    tags = {tag.pk: tag for tag in Tag.objects.select_related("locale")}
    counterparts = {(tag.translation_key, tag.locale.language_code): tag.pk for tag in tags.values()}
    for listing in Listing.objects.filter(kind="tag"):
        tag = tags.get(listing.subject_id)
        if tag is None or tag.locale.language_code == listing.language:
            continue
        counterpart = counterparts.get((tag.translation_key, listing.language))
        if counterpart is None:
            listing.delete()
        else:
            listing.subject_id = counterpart
            listing.save(update_fields=["subject_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0001_initial"),
        ("newsroom", "0007_tags_and_author_names_per_language"),
    ]

    operations = [migrations.RunPython(follow_split_tags, migrations.RunPython.noop)]
