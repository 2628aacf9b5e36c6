from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_posts():
    tag = tag_named("detention")
    author = author_named("Legal unit", "legal-unit")
    for number in range(30):
        make_post(tags=[tag, tag_named(f"extra {number}")], authors=[author], category=category("en", "report"))


def queries_for(client, url):
    client.get(url)  # the first request fills per-process caches (site root paths)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/en/", "/en/tag/detention/", "/en/category/report/", "/en/author/legal-unit/",
                                 "/en/tag/detention/feed/", "/en/feed/atom/"])
def test_archive_queries_do_not_grow_with_items_per_page(client, settings, thirty_posts, url):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    settings.BAYAN_FEED_ITEMS = 2
    few = queries_for(client, url)
    settings.BAYAN_ITEMS_PER_PAGE = 25
    settings.BAYAN_FEED_ITEMS = 25
    many = queries_for(client, url)
    assert few == many
    assert many <= 10


@pytest.mark.parametrize("url", ["/en/tag/", "/en/category/", "/en/author/", "/en/subscribe/"])
def test_an_index_is_one_query_for_all_its_subjects(client, thirty_posts, url):
    assert queries_for(client, url) <= 4


# The months with posts are held per content generation: a date archive costs its own
# queries (for a year: its bounds, its items, the other language's bounds) and, with the
# page cache off as here, one read of the generation.
@pytest.mark.parametrize("url, most", [("/en/", 4), (f"/en/{date.today().year}/", 5)])
def test_date_navigation_adds_no_query_per_request(client, thirty_posts, url, most):
    assert queries_for(client, url) <= most


# The subject, the archive's bounds, the page's items; for the language switcher, the other
# language's bounds (for a tag or a category, its translation first), which also give the
# counterpart's last page when it is shorter than this one.
@pytest.mark.parametrize("url, most", [("/en/tag/detention/page/2/", 5), ("/en/category/report/page/3/", 5),
                                       ("/en/page/2/", 3)])
def test_an_archive_page_is_a_handful_of_queries(client, settings, thirty_posts, url, most):
    settings.BAYAN_ITEMS_PER_PAGE = 5
    assert queries_for(client, url) <= most


def test_a_post_page_is_a_handful_of_queries(client, thirty_posts):
    post = make_post(tags=["detention"], authors=[author_named("Legal unit", "legal-unit")])
    # The post, its authors, tags, further categories and translations.
    assert queries_for(client, post.reader_path()) <= 5
