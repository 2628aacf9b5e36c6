import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bayan.newsroom.models import PostPage
from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.pagecache.invalidation import GENERATION_COLUMNS, TOKEN_UNLESS_DUE, start_new_generation
from bayan.pagecache.middleware import page_store
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def twelve_posts(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        tag = tag_named("detention")
        author = author_named("Legal unit", "legal-unit")
        for number in range(12):
            make_post(tags=[tag, tag_named(f"extra {number}")], authors=[author], category=category("en", "report"))
        yield


# What every reader page shows beside its content (the organisation's name and logo, the menus,
# the months with posts) is held per content generation (bayan/pagecache/held.py): with the page
# cache off, as in these tests, a request reads the generation once for it; with the cache on,
# the cache's own read serves (test_the_page_cache_and_the_chrome_share_one_read_of_the_generation).
GENERATION = 1


def queries_for(client, url):
    client.get(url)  # the first request fills per-process caches (site root paths, held values)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/en/", "/en/tag/detention/", "/en/category/report/", "/en/author/legal-unit/",
                                 "/en/tag/detention/feed/", "/en/feed/atom/"])
def test_archive_queries_do_not_grow_with_items_per_page(client, settings, twelve_posts, url):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    settings.BAYAN_FEED_ITEMS = 2
    few = queries_for(client, url)
    settings.BAYAN_ITEMS_PER_PAGE = 25
    settings.BAYAN_FEED_ITEMS = 25
    many = queries_for(client, url)
    assert few == many
    assert many <= 10


@pytest.mark.parametrize("url", ["/en/tag/", "/en/category/", "/en/author/", "/en/subscribe/"])
def test_an_index_is_one_query_for_all_its_subjects(client, twelve_posts, url):
    page_store.cache_clear()
    start_new_generation()  # nothing held yet
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len([query for query in captured if "archives_listingentry" in query["sql"]]) == 1


# An index's subjects and counts are held per content generation, as the months are.
@pytest.mark.parametrize("url", ["/en/tag/", "/en/category/", "/en/author/", "/en/subscribe/"])
def test_an_index_asked_again_in_the_same_generation_costs_only_the_generation(client, twelve_posts, url):
    assert queries_for(client, url) == GENERATION


# The months with posts are held per content generation: a date archive costs only its own statement.
@pytest.mark.parametrize("archive, most", [("home", 1), ("year", 1)])
def test_date_navigation_adds_no_query_per_request(client, twelve_posts, archive, most):
    # The year of the newest post: the factories date each post a day before the last one made.
    year = PostPage.objects.latest("date").date.year
    url = "/en/" if archive == "home" else f"/en/{year}/"
    assert queries_for(client, url) <= most + GENERATION


# One statement: the archive's bounds with the page's items, the generation, and for the language switcher the size
# of each counterpart in the other languages (which also gives its last page when it is shorter than this one);
# a tag or a category, with its translations, held from the first request (test_held_subjects.py).
@pytest.mark.parametrize("url", ["/en/tag/detention/page/2/", "/en/category/report/page/3/", "/en/page/2/",
                                 "/en/author/legal-unit/page/2/"])
def test_an_archive_page_is_one_statement(client, settings, twelve_posts, url):
    settings.BAYAN_ITEMS_PER_PAGE = 5
    tag_named("الاحتجاز", language="ar", translation_of=tag_named("detention"))
    assert queries_for(client, url) == 1


# A period's both edges are read with its items, and its counterpart's in the other language with them.
def test_a_year_or_month_page_is_one_statement(client, twelve_posts):
    newest = timezone.localtime(PostPage.objects.latest("date").date)
    make_post("ar", date=newest)  # the same moment: the same month whatever the day
    for url in (f"/en/{newest.year}/", f"/en/{newest.year}/{newest.month:02d}/"):
        assert queries_for(client, url) == 1
        assert f'<a href="/ar/{newest.year}/' in client.get(url).content.decode()  # its language switcher


def plain_generation_reads(captured):
    """Statements that read the generation alone (not beside a page's own, as ``GENERATION_COLUMNS``)."""
    return len([query for query in captured if "pagecache_contentgeneration" in query["sql"]
                and GENERATION_COLUMNS[0] not in query["sql"] and TOKEN_UNLESS_DUE.split("%s")[0] not in query["sql"]])


# An archive page reads the generation with its posts (``Archive.read_token``); with the page cache on, the
# cache reads it first, and the page's chrome then asks no more.
@pytest.mark.parametrize("url", ["/en/tag/detention/page/2/", "/en/", "/en/tag/", "/en/search/?q=detention"])
def test_the_page_cache_and_the_chrome_share_one_read_of_the_generation(client, settings, twelve_posts, url):
    settings.BAYAN_ITEMS_PER_PAGE = 5
    client.get(url)
    with CaptureQueriesContext(connection) as uncached:
        client.get(url)
    # Counted now: a capture's queries are read from the connection's log, which the next request empties.
    uncached_without_generation = len(uncached) - plain_generation_reads(uncached)
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    separator = "&" if "?" in url else "?"
    client.get(f"{url}{separator}warm=1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{url}{separator}miss=1")
    assert response["X-Bayan-Cache"] == "miss"
    assert plain_generation_reads(captured) == 1
    assert len(captured) - 1 == uncached_without_generation


def test_a_post_page_is_one_statement(client, twelve_posts):
    post = make_post(tags=["detention"], authors=[author_named("Legal unit", "legal-unit")])
    # The post, with the generation (bayan.pagecache.held.note_generation) and its authors, tags, further
    # categories and translations (newsroom.filing.filing_column).
    assert queries_for(client, post.reader_path()) == 1
