"""Apps above the newsroom add to a post's page, structured data and feed item through one hook."""

import json

import lxml.html
import pytest
from django.utils.html import format_html

from bayan.newsroom import additions
from bayan.newsroom.additions import Addition

from .factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    calls = []

    def add(posts, language, request):
        calls.append((sorted(post.pk for post in posts), language))
        return {post.pk: Addition(html=format_html('<p class="added">{}</p>', f"<after {post.title}>"),
                                  structured_data={"contributor": [{"name": "<b>x</b>"}]},
                                  feed_text=f"Signed by <{post.slug}>") for post in posts}

    additions.register(add)
    yield calls
    additions._providers.remove(add)


def test_a_post_page_shows_what_providers_add_after_its_text_and_in_its_json_ld(client, provider):
    post = make_post(title="Statement", slug="statement")
    page = lxml.html.fromstring(client.get("/en/statement/").content)
    added = page.xpath("//article//div[@class='post-body']/following-sibling::p[@class='added']")
    assert added[0].text == "<after Statement>"
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["contributor"] == [{"name": "<b>x</b>"}]
    assert provider == [([post.pk], "en")]


def test_a_feed_asks_providers_once_for_all_its_items_and_escapes_their_text(client, provider):
    first, second = make_post(slug="first"), make_post(slug="second")
    content = client.get("/en/feed/").content.decode()
    assert provider == [(sorted([first.pk, second.pk]), "en")]
    assert "Signed by &amp;lt;first&amp;gt;" in content


def test_registering_a_provider_twice_keeps_one(provider):
    provider_function = additions._providers[-1]
    additions.register(provider_function)
    assert additions._providers.count(provider_function) == 1
