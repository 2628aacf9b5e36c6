import lxml.html
import pytest

from bayan.addresses import address_in
from bayan.newsroom.models import Category
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def test_the_subscribe_page_lists_the_site_feeds_and_each_category_with_posts(client):
    make_post(category=category("en", "statement"))
    make_post(category=category("en", "report"), live=False)
    document = lxml.html.fromstring(client.get("/en/subscribe/").content)
    hrefs = document.xpath("//ul[@class='feed-list']/li/a/@href")
    assert hrefs == ["/en/feed/", "/en/feed/atom/", "/en/category/statement/feed/"]
    for href in hrefs:
        assert client.get(href).status_code == 200
    assert "http://testserver/en/feed/" in document.xpath("//ul[@class='feed-list']/li/code/text()")


def test_the_subscribe_page_explains_feeds_and_how_to_reach_a_tag_or_author_feed(client):
    document = lxml.html.fromstring(client.get("/en/subscribe/").content)
    headings = document.xpath("//main//h2/text()")
    assert headings == ["What is a feed?", "How to follow us", "Our feeds"]
    assert document.xpath("//a[text()='tag']/@href") == ["/en/tag/"]
    assert document.xpath("//a[text()='author']/@href") == ["/en/author/"]
    assert "feed/" in document.xpath("//section[last()]/p/code/text()")


def test_the_arabic_subscribe_page_lists_arabic_categories(client):
    arabic = Category.objects.filter(locale__language_code="ar").first()
    make_post("ar", "بيان", category=arabic)
    document = lxml.html.fromstring(client.get("/ar/subscribe/").content)
    expected = address_in("ar", "archives:category-feed", (("slug", arabic.slug),))
    assert document.xpath("//ul[@class='feed-list']/li/a/@href")[2] == expected
