"""A tag typed on a post always gets a slug, so its archive has an address and the post's page renders."""

import pytest

from bayan.newsroom.models import Tag

from .factories import make_post
from .test_slugs_never_empty import empty_slugs_allowed

pytestmark = pytest.mark.django_db


def test_a_tag_of_punctuation_only_gets_a_slug_and_the_post_renders(client):
    post = make_post("en", "Tagged with symbols")
    post.tags.add("!!!", "★")
    post.save_revision().publish()
    slugs = sorted(Tag.objects.filter(name__in=["!!!", "★"]).values_list("slug", flat=True))
    assert slugs == ["tag", "tag_1"]
    page = client.get(post.reader_path(), HTTP_HOST="127.0.0.1")
    assert page.status_code == 200
    assert b'href="/en/tag/tag/"' in page.content and b'href="/en/tag/tag_1/"' in page.content
    assert client.get("/en/tag/tag_1/", HTTP_HOST="127.0.0.1").status_code == 200


def test_a_tag_with_letters_keeps_its_own_slug():
    post = make_post("ar", "وسم")
    post.tags.add("حرية الصحافة")
    assert Tag.objects.get(name="حرية الصحافة").slug == "حرية-الصحافة"


def test_tags_saved_with_an_empty_slug_before_get_one_each():
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    Tag.objects.create(name="tag", slug="tag", locale=english)
    with empty_slugs_allowed(Tag):
        Tag.objects.bulk_create([Tag(name="!!!", slug="", locale=english)])
        import_module("bayan.newsroom.migrations.0009_tags_with_an_empty_slug").give_each_a_slug(apps, None)
    assert Tag.objects.get(name="!!!").slug == "tag_1"
