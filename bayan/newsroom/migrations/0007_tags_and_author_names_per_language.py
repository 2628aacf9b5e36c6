"""Tags get a language and linked translations; authors a name per language.

Each existing tag takes the language of the posts that carry it. A tag carried by posts of
several languages is split: it keeps the language most of its posts are in, and a copy (same
name, slug and description, the same translation key) is made in each other language, whose
posts are moved to it. A tag no post carries takes the site's default language. The archives'
tag listings follow in ``archives.0002``.
"""

import uuid

import django.db.models.deletion
import modelcluster.fields

import bayan.newsroom.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def split_tags_by_language(apps, schema_editor):
    Tag = apps.get_model("newsroom", "Tag")
    TaggedPost = apps.get_model("newsroom", "TaggedPost")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first() or Locale.objects.order_by("pk").first()
    for tag in Tag.objects.order_by("pk"):
        usage = (TaggedPost.objects.filter(tag=tag).values("content_object__locale")
                 .annotate(uses=Count("id")).order_by("-uses", "content_object__locale"))
        locales = [row["content_object__locale"] for row in usage] or [default.pk]
        tag.locale_id, tag.translation_key = locales[0], uuid.uuid4()
        tag.save(update_fields=["locale", "translation_key"])
        for other in locales[1:]:
            copy = Tag.objects.create(name=tag.name, slug=tag.slug, description=tag.description,
                                      locale_id=other, translation_key=tag.translation_key)
            TaggedPost.objects.filter(tag=tag, content_object__locale=other).update(tag=copy)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0006_tag_posts_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuthorName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(choices=settings.LANGUAGES, max_length=15, verbose_name="language")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("author", modelcluster.fields.ParentalKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="names", to="newsroom.author")),
            ],
            options={"verbose_name": "name in another language"},
        ),
        migrations.AddConstraint(
            model_name="authorname",
            constraint=models.UniqueConstraint(fields=("author", "language"), name="one_author_name_per_language"),
        ),
        migrations.AddField(
            model_name="tag", name="locale",
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AddField(
            model_name="tag", name="translation_key", field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AlterField(
            model_name="tag", name="name", field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="tag", name="slug",
            field=models.SlugField(allow_unicode=True, max_length=200, verbose_name="slug"),
        ),
        migrations.RunPython(split_tags_by_language, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tag", name="locale",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterField(
            model_name="tag", name="translation_key", field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(name="tag", unique_together={("translation_key", "locale")}),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(fields=("locale", "slug"), name="unique_tag_slug_per_language"),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(fields=("locale", "name"), name="unique_tag_name_per_language"),
        ),
        migrations.AlterField(
            model_name="postpage", name="tags",
            field=bayan.newsroom.models.TagsInPostLanguage(
                blank=True, help_text="A comma-separated list of tags.", through="newsroom.TaggedPost",
                to="newsroom.Tag", verbose_name="tags"),
        ),
    ]
