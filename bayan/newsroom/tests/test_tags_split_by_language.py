"""The migration that gave tags a language: each tag follows its posts, a tag in two languages splits,
and the archives' tag listings follow the split (the data steps run against the current models)."""

import importlib

import pytest
from django.apps import apps

from bayan.archives.models import Listing
from bayan.newsroom.models import Tag, TaggedPost
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

split_tags = importlib.import_module("bayan.newsroom.migrations.0007_tags_and_author_names_per_language")
follow_tags = importlib.import_module("bayan.archives.migrations.0002_tag_listings_follow_their_language")

pytestmark = pytest.mark.django_db


def test_a_tag_carried_in_both_languages_splits_and_its_arabic_listing_follows():
    english, arabic = make_post("en"), make_post("ar")
    shared = tag_named("Detention", language="en")
    for post in (english, arabic):
        TaggedPost.objects.create(tag=shared, content_object=post)
    arabic_listing = Listing.objects.create(language="ar", kind="tag", subject_id=shared.pk)

    split_tags.split_tags_by_language(apps, None)
    follow_tags.follow_split_tags(apps, None)

    copy = Tag.objects.get(locale__language_code="ar", slug=shared.slug)
    shared.refresh_from_db()
    assert shared.locale.language_code == "en"
    assert copy.translation_key == shared.translation_key and copy.name == "Detention"
    assert list(TaggedPost.objects.filter(content_object=arabic).values_list("tag", flat=True)) == [copy.pk]
    assert list(TaggedPost.objects.filter(content_object=english).values_list("tag", flat=True)) == [shared.pk]
    arabic_listing.refresh_from_db()
    assert arabic_listing.subject_id == copy.pk


def test_a_tag_takes_the_language_of_its_posts_and_an_unused_one_the_default():
    arabic = make_post("ar")
    misfiled = tag_named("Sanctions", language="en")
    TaggedPost.objects.create(tag=misfiled, content_object=arabic)
    unused = tag_named("Unused", language="ar")

    split_tags.split_tags_by_language(apps, None)

    misfiled.refresh_from_db()
    unused.refresh_from_db()
    assert misfiled.locale.language_code == "ar"
    assert unused.locale.language_code == "en"
    assert Tag.objects.filter(slug=misfiled.slug).count() == 1


def test_a_listing_of_a_language_with_no_tag_left_goes():
    english_only = tag_named("Courts", language="en")
    stray = Listing.objects.create(language="ar", kind="tag", subject_id=english_only.pk)

    follow_tags.follow_split_tags(apps, None)

    assert not Listing.objects.filter(pk=stray.pk).exists()
