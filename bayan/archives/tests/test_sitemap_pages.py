"""A long sitemap section is split into pages, each at an address of its own, posts oldest first."""

import re

import pytest

from bayan.archives.sitemaps import PostSitemap
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

LOCATION = re.compile(r"<loc>https?://[^/]+(/[^<]*)</loc>")


@pytest.fixture
def five_posts(monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    # make_post dates each post older than the one before: the last made is the oldest.
    return [make_post(slug=f"mapped-{number}") for number in range(5)]


def locations(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return LOCATION.findall(response.content.decode())


def test_the_index_lists_each_page_of_a_section_by_its_own_address(client, five_posts):
    listed = locations(client, "/sitemap.xml")
    assert [found for found in listed if "posts-en" in found] == [
        "/sitemap-posts-en.xml", "/sitemap-posts-en-page-2.xml", "/sitemap-posts-en-page-3.xml"]
    assert "?p=" not in client.get("/sitemap.xml").content.decode()


def test_the_pages_map_every_post_once_oldest_first(client, five_posts):
    mapped = [address for page in ("/sitemap-posts-en.xml", "/sitemap-posts-en-page-2.xml",
                                   "/sitemap-posts-en-page-3.xml") for address in locations(client, page)]
    assert mapped == [post.reader_path() for post in reversed(five_posts)]


def test_a_new_post_changes_only_the_last_page(client, five_posts):
    before = {page: client.get(page).content for page in ("/sitemap-posts-en.xml", "/sitemap-posts-en-page-2.xml")}
    newest = make_post(slug="mapped-newest", days_ago=0)
    for page, content in before.items():
        assert client.get(page).content == content
    assert locations(client, "/sitemap-posts-en-page-3.xml")[-1] == newest.reader_path()


@pytest.mark.parametrize("address", ["/sitemap-posts-en-page-1.xml", "/sitemap-posts-en-page-4.xml",
                                     "/sitemap-posts-en-page-0.xml", "/sitemap-nothing-en.xml",
                                     "/sitemap-nothing-en-page-2.xml"])
def test_a_page_that_is_not_there_is_not_found(client, five_posts, address):
    assert client.get(address).status_code == 404


def test_a_section_page_keeps_robots_out_of_it(client, five_posts):
    assert client.get("/sitemap-posts-en-page-2.xml")["X-Robots-Tag"].startswith("noindex")
