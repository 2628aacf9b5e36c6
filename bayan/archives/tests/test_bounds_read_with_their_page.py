"""An archive page or feed told which posts it will show reads them with the archive's bounds, in one statement,
and shows exactly what the two statements it replaces showed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bayan.archives.models import Listing, ListingEntry
from bayan.archives.positions import ArchivePosts
from bayan.newsroom.models import PostPage
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tag_of_seven(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        tag = tag_named("detention")
        for days_ago in range(7):
            make_post(tags=[tag], days_ago=days_ago + 1, category=category("en", "report"))
        yield tag


def told(posts, first, stop, feed=False):
    copy = ArchivePosts(posts.language, posts.kind, posts.subject_id)
    copy.expect(first, stop, feed=feed)
    return copy


def statements_while(read):
    with CaptureQueriesContext(connection) as captured:
        result = read()
    return result, len(captured)


@pytest.mark.parametrize("first, stop", [(0, 3), (3, 6), (6, 9), (7, 10), (30, 40), (0, 0)])
def test_a_page_read_with_the_bounds_is_the_page_read_after_them(tag_of_seven, first, stop):
    plain = ArchivePosts("en", Listing.TAG, tag_of_seven.pk)
    expected = (plain.count(), plain[first:stop])
    posts = told(plain, first, stop)
    (count, items), statements = statements_while(lambda: (posts.count(), posts[first:stop]))
    assert (count, items) == expected
    assert statements == 1


def test_a_slice_other_than_the_one_expected_is_read_on_its_own(tag_of_seven):
    posts = told(ArchivePosts("en", Listing.TAG, tag_of_seven.pk), 0, 3)
    assert posts.count() == 7
    (items), statements = statements_while(lambda: posts[3:6])
    assert [item.reader_path for item in items] == [item.reader_path for item in
                                                     ArchivePosts("en", Listing.TAG, tag_of_seven.pk)[3:6]]
    assert statements == 1


def test_a_feed_read_with_the_bounds_is_the_feed_read_after_them(tag_of_seven):
    plain = ArchivePosts("en", Listing.TAG, tag_of_seven.pk)
    expected = [(item.pk, item.title, item.date, item.category.name) for item in plain.newest_for_feed(5)]
    posts = told(plain, 0, 5, feed=True)
    items, statements = statements_while(lambda: posts.newest_for_feed(5))
    assert [(item.pk, item.title, item.date, item.category.name) for item in items] == expected
    assert len(expected) == 5
    assert statements == 1


def test_an_archive_with_nothing_visible_is_empty_after_one_statement():
    tag = tag_named("nothing yet")
    make_post(tags=[tag], days_ago=-3)  # dated in three days: not yet shown
    posts = told(ArchivePosts("en", Listing.TAG, tag.pk), 0, 10)
    (count, items), statements = statements_while(lambda: (posts.count(), posts[0:10]))
    assert (count, items, statements) == (0, [], 1)


def test_an_entry_whose_post_is_no_longer_live_is_left_out_but_still_counted(tag_of_seven):
    """Entries follow publishing at once; should one ever outlive its post's publication, the page leaves the
    post out, as the items' own statement does, and the archive keeps its size."""
    newest = PostPage.objects.filter(pk__in=ListingEntry.objects.values("post_id")).order_by("-date").first()
    PostPage.objects.filter(pk=newest.pk).update(live=False)
    plain = ArchivePosts("en", Listing.TAG, tag_of_seven.pk)
    expected = (plain.count(), plain[0:3])
    posts = told(plain, 0, 3)
    assert (posts.count(), posts[0:3]) == expected
    assert len(expected[1]) == 2 and newest.reader_path() not in [item.reader_path for item in expected[1]]


def _period(language, start, end):
    return ArchivePosts(language, Listing.HOME, start=start, end=end)


# The seven posts' dates, newest first, name each period's edges: a post dated at a period's start is in it, one
# dated at its end is not; a period may also end in the future, or hold nothing between posts before and after it.
PERIODS = {
    "the four newest": lambda dates: (dates[3], dates[0] + timedelta(days=1)),
    "ending at a post": lambda dates: (dates[3], dates[1]),
    "before every post": lambda dates: (dates[6] - timedelta(days=2), dates[6]),
    "between two posts": lambda dates: (dates[2] + timedelta(hours=1), dates[1]),
    "ending in the future": lambda dates: (dates[5], timezone.now() + timedelta(days=10)),
    "all in the future": lambda dates: (timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=10)),
}


@pytest.mark.parametrize("first, stop", [(0, 2), (2, 4), (3, 10), (10, 20)])
@pytest.mark.parametrize("period", PERIODS)
def test_a_period_read_with_its_bounds_is_the_period_read_after_them(tag_of_seven, period, first, stop):
    make_post(tags=["detention"], days_ago=-3)  # dated in three days: in no period yet
    dates = list(PostPage.objects.filter(date__lte=timezone.now()).order_by("-date").values_list("date", flat=True))
    start, end = PERIODS[period](dates)
    plain = _period("en", start, end)
    expected = (plain.count(), plain[first:stop])
    posts = _period("en", start, end)
    posts.expect(first, stop)
    (count, items), statements = statements_while(lambda: (posts.count(), posts[first:stop]))
    assert (count, items) == expected
    assert statements == 1


@pytest.mark.parametrize("days_ago, expected", [((2, 3, 20), 2), ((20,), 0), ((), 0)])
def test_a_period_reads_the_size_of_its_counterparts_with_its_bounds(tag_of_seven, days_ago, expected):
    """A year's or month's page links the same period in the other language, where it has posts."""
    for days in days_ago:
        make_post("ar", days_ago=days)
    start, end = timezone.now() - timedelta(days=4), timezone.now()
    english, arabic = _period("en", start, end), _period("ar", start, end)
    english.expect(0, 10, counted=[arabic])
    (count, other), statements = statements_while(lambda: (english.count(), arabic.count()))
    assert (count, other, statements) == (3, expected, 1)
    assert _period("ar", start, end).count() == expected


def test_an_archive_page_and_its_feed_read_their_bounds_and_posts_together(client, settings, tag_of_seven):
    settings.BAYAN_ITEMS_PER_PAGE = 3
    for address in ["/en/tag/detention/page/2/", "/en/tag/detention/feed/"]:
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        reads = [query["sql"] for query in captured if "archives_listingentry" in query["sql"]]
        assert len(reads) == 1 and "WITH newest" in reads[0]
        # The tag held from the first request, the content generation read with the posts; for a feed, its posts'
        # filings besides.
        assert len(captured) == (1 if "/page/" in address else 2)
