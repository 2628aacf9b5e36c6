"""Readers' mistakes and odd content give a proper page, never a server error."""

import lxml.html
import pytest

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/en/tag/no-such-tag/", "/en/category/no-such-category/", "/en/author/nobody/", "/en/tag/no-such-tag/page/2/",
     "/en/no-such-post/", "/en/page/0/", "/en/page/x/", "/en/2017/00/", "/en/0000/", "/en/tag/%00/",
     "/en/tag/" + "a" * 3000 + "/", "/en/category/%D8%A8%D9%8A%D8%A7%D9%86/", "/en/%00/", "/en/author/a%01b/",
     "/en/tag/x%00y/feed/"],
)
def test_unknown_addresses_are_not_found_in_english(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_not_found_speaks_the_readers_language(client):
    response = client.get("/ar/tag/no-such-tag/")
    assert response.status_code == 404
    document = lxml.html.fromstring(response.content)
    assert document.get("lang") == "ar"
    assert document.get("dir") == "rtl"
    assert document.xpath("//h1")[0].text_content() == "الصفحة غير موجودة"


def test_html_in_titles_and_tags_is_shown_as_text(client):
    make_post(title="<script>alert(1)</script> Release them", tags=[tag_named("<b>bold</b> tag")])
    content = client.get("/en/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Release them" in content
    tag_index = client.get("/en/tag/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; tag" in tag_index
    assert "<b>bold</b>" not in tag_index


def test_a_post_with_no_body_tags_or_category_still_lists(client):
    make_post(title="Bare post", body="")
    document = lxml.html.fromstring(client.get("/en/").content)
    entry = document.xpath("//article[@class='entry']")[0]
    assert entry.xpath(".//h2/a")[0].text_content() == "Bare post"
    assert entry.xpath(".//p[@class='entry-category']") == []
    assert entry.xpath(".//p[@class='entry-excerpt']")[0].text_content() == ""


def test_an_existing_tag_with_nothing_in_this_language_is_not_found(client):
    make_post(title="English only", tags=[tag_named("detention")])
    assert client.get("/en/tag/detention/").status_code == 200
    assert client.get("/ar/tag/detention/").status_code == 404
    assert client.get("/ar/tag/detention/feed/").status_code == 404
