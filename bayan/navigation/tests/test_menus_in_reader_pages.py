import lxml.html
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bayan.navigation.models import Menu, MenuItem
from bayan.navigation.tests.factories import make_menu
from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.middleware import page_store
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


def header_links(client, address):
    document = lxml.html.fromstring(client.get(address).content)
    return [(link.text_content().strip(), link.get("href")) for link in document.xpath("//nav[@class='site-nav']//a")]


def test_the_header_shows_the_languages_own_menu_with_one_level_of_nesting(client):
    make_post()
    make_menu("en", links=[("Latest", "/en/"), ("Publications", "/en/category/"),
                           {"label": "Reports", "address": "/en/category/report/", "nested": True},
                           ("Partner", "https://example.org/")])
    make_menu("ar", links=[("الأحدث", "/ar/")])
    assert header_links(client, "/en/") == [("Latest", "/en/"), ("Publications", "/en/category/"),
                                            ("Reports", "/en/category/report/"), ("Partner", "https://example.org/")]
    document = lxml.html.fromstring(client.get("/en/").content)
    group = document.xpath("//nav[@class='site-nav']//details")[0]
    assert group.xpath("summary")[0].text_content() == "Publications"
    assert group.xpath(".//a/@href") == ["/en/category/", "/en/category/report/"]
    assert header_links(client, "/ar/") == [("الأحدث", "/ar/")]


def test_the_current_page_is_marked_in_the_menu(client):
    make_post()
    make_menu("en", links=[("Latest", "/en/"), ("Tags", "/en/tag/")])
    document = lxml.html.fromstring(client.get("/en/tag/").content)
    assert document.xpath("//nav[@class='site-nav']//a[@aria-current='page']/@href") == ["/en/tag/"]


def test_a_language_without_a_menu_gets_the_default_links(client):
    make_post()
    addresses = [address for _label, address in header_links(client, "/en/")]
    assert addresses == ["/en/", "/en/category/", "/en/tag/", "/en/subscribe/"]


def test_a_link_to_a_page_readers_may_not_see_is_left_out(client):
    make_post()
    draft = make_post(title="Unpublished campaign", live=False)
    make_menu("en", links=[("Latest", "/en/"), {"page": draft}])
    assert header_links(client, "/en/") == [("Latest", "/en/")]


def test_a_page_link_takes_the_pages_title_unless_given_a_label(client):
    post = make_post(title="Our annual report")
    make_menu("en", links=[{"page": post}, {"page": home_for("en"), "label": "Home"}])
    assert header_links(client, "/en/") == [("Our annual report", post.reader_path()), ("Home", "/en/")]


def test_the_footer_shows_its_own_menu(client):
    make_post()
    make_menu("en", place=Menu.FOOTER, links=[("Authors", "/en/author/")])
    document = lxml.html.fromstring(client.get("/en/").content)
    assert document.xpath("//footer//nav[@class='footer-nav']//a/@href") == ["/en/author/"]


@override_settings(BAYAN_PAGE_CACHE=True)
def test_an_edited_menu_shows_on_the_next_request_with_the_page_cache_on(client):
    page_store.cache_clear()
    make_post()
    menu = make_menu("en", links=[("Latest", "/en/")])
    assert header_links(client, "/en/") == [("Latest", "/en/")]
    assert client.get("/en/")["X-Bayan-Cache"] == "hit"
    with as_committed():
        MenuItem.objects.create(menu=menu, sort_order=1, label="Tags", address="/en/tag/")
    assert header_links(client, "/en/") == [("Latest", "/en/"), ("Tags", "/en/tag/")]


def test_menus_are_read_once_per_content_generation(client):
    make_post()
    make_menu("en", links=[("Latest", "/en/")])
    client.get("/en/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/")
    assert not [query for query in captured if "navigation_" in query["sql"]]
