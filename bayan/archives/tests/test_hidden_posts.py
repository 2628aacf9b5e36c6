"""Drafts, scheduled, private and password-protected posts are never listed, counted, fed or mapped."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db

SECRET_TITLES = ["Draft secret", "Scheduled secret", "Private secret", "Password secret", "Future-dated secret"]


@pytest.fixture(scope="module")
def hidden_and_visible_posts(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        tag = tag_named("detention")
        make_post(title="Visible post", tags=[tag], category=category("en", "press-release"), days_ago=0)
        make_post(title="Draft secret", tags=[tag], live=False)
        scheduled = make_post(title="Scheduled secret", tags=[tag], live=False)
        scheduled.go_live_at = timezone.now() + timedelta(days=3)
        scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)
        private = make_post(title="Private secret", tags=[tag])
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        protected = make_post(title="Password secret", tags=[tag])
        PageViewRestriction.objects.create(page=protected, restriction_type=PageViewRestriction.PASSWORD, password="x")
        make_post(title="Future-dated secret", tags=[tag], date=timezone.now() + timedelta(days=2))
        yield


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/tag/detention/", "/en/feed/", "/en/feed/atom/", "/en/tag/detention/feed/",
     "/en/category/press-release/", f"/en/{timezone.now().year}/"],
)
def test_only_the_published_public_post_is_listed(client, hidden_and_visible_posts, url):
    content = client.get(url).content.decode()
    assert "Visible post" in content
    for title in SECRET_TITLES:
        assert title not in content


def test_the_tag_index_counts_only_the_visible_post(client, hidden_and_visible_posts):
    content = client.get("/en/tag/").content.decode()
    assert "detention</a> <span class=\"count\">(1)</span>" in content


def test_the_sitemap_maps_only_the_visible_post(client, hidden_and_visible_posts):
    content = client.get("/sitemap-posts-en.xml").content.decode()
    assert content.count("<url>") == 1
