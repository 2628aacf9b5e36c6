"""The demo's organisation in both languages, and its headlines written as an editor writes them."""

import random

import pytest

from bayan.identity.demo import add_demo_organisation
from bayan.identity.models import Identity
from bayan.newsroom.demo import HEADLINES, compose, plan_stories


@pytest.mark.django_db
def test_the_demo_sets_an_organisation_named_in_both_languages_with_logo_icon_and_profiles():
    add_demo_organisation()
    identity = Identity.objects.get()
    assert {text.language: text.name for text in identity.texts.all()} == {
        "en": "Centre for Free Expression", "ar": "مركز حرية التعبير"}
    assert identity.logo.name.endswith(".svg") and identity.logo_dark and identity.favicon_digest
    assert all(link.url.startswith("https://") for link in identity.profile_links.all())
    add_demo_organisation()
    assert Identity.objects.count() == 1


def test_every_english_demo_headline_begins_with_a_capital():
    stories = {story.headline: story for story in plan_stories(200, seed=7)}
    assert set(stories) == set(range(len(HEADLINES)))
    for story in stories.values():
        title, _body = compose(story, "en", random.Random(1))
        assert title[0].isupper(), title
