"""A long sitemap section is split into pages, each at an address of its own, posts oldest first."""

import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.sites.requests import RequestSite
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from bayan.archives.sitemaps import PostSitemap, sitemaps, urlset_xml
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


def test_a_page_is_written_as_djangos_sitemap_template_writes_it(settings):
    """Every field the template knows, with characters to escape and a moment near midnight in the site's zone."""
    settings.TIME_ZONE = "Asia/Damascus"
    urls = [
        {"location": "https://example.org/en/a&b/<c>/\"d\"/'e'/", "lastmod": datetime(2026, 3, 1, 22, 30, tzinfo=UTC),
         "changefreq": "daily", "priority": "0.5",
         "alternates": [{"lang_code": "ar", "location": "https://example.org/ar/%D8%A8/?x=1&y=2"}]},
        {"location": "https://example.org/ar/بيان/", "lastmod": date(2025, 12, 31)},
        {"location": "https://example.org/en/", "lastmod": None, "changefreq": None, "priority": None,
         "alternates": []},
    ]
    with timezone.override("Asia/Damascus"):
        assert urlset_xml(urls) == render_to_string("sitemap.xml", {"urlset": urls})
    assert "<lastmod>2026-03-02</lastmod>" in urlset_xml(urls)
    assert urlset_xml([]) == render_to_string("sitemap.xml", {"urlset": []})


def test_each_section_page_is_what_the_template_would_write(client, five_posts):
    response = client.get("/sitemap-posts-en-page-2.xml")
    site = RequestSite(RequestFactory().get("/"))
    urls = sitemaps()["posts-en"].get_urls(page=2, protocol="http", site=site)
    assert response.content.decode() == render_to_string("sitemap.xml", {"urlset": urls})
    assert response["Content-Type"] == "application/xml" and "noindex" in response["X-Robots-Tag"]
