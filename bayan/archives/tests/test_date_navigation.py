from datetime import datetime, timedelta

import lxml.html
import pytest
from django.utils import timezone

from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def on(year, month, day=10):
    return timezone.make_aware(datetime(year, month, day, 12), timezone.get_default_timezone())


@pytest.fixture
def posts_over_two_years():
    for date in (on(2023, 11), on(2024, 1), on(2024, 1, 20), on(2024, 3), on(2024, 7)):
        make_post(date=date)
    make_post(date=on(2024, 5), live=False)
    make_post("ar", "بيان", date=on(2022, 6))


def links(client, url, heading_id):
    document = lxml.html.fromstring(client.get(url).content)
    nav = document.xpath(f"//nav[@aria-labelledby='{heading_id}']")
    if not nav:
        return []
    return [(item.xpath("a/@href")[0], "".join(span.text_content() for span in item.xpath("span")))
            for item in nav[0].xpath(".//li")]


def test_a_year_lists_its_months_with_posts_and_their_counts(client, posts_over_two_years):
    assert links(client, "/en/2024/", "months-heading") == [
        ("/en/2024/01/", "(2)"), ("/en/2024/03/", "(1)"), ("/en/2024/07/", "(1)"),
    ]


def test_a_month_links_to_the_nearest_months_with_posts(client, posts_over_two_years):
    document = lxml.html.fromstring(client.get("/en/2024/03/").content)
    assert document.xpath("//li[@class='earlier']/a/@href") == ["/en/2024/01/"]
    assert document.xpath("//li[@class='later']/a/@href") == ["/en/2024/07/"]
    oldest = lxml.html.fromstring(client.get("/en/2023/11/").content)
    assert oldest.xpath("//li[@class='earlier']") == []
    assert oldest.xpath("//li[@class='later']/a/@href") == ["/en/2024/01/"]


def test_the_home_page_lists_the_years_of_its_language_without_counting_them(client, posts_over_two_years):
    # Uncounted: a count would change every page of the home and the date archives with each new post.
    assert links(client, "/en/", "years-heading") == [("/en/2024/", ""), ("/en/2023/", "")]
    assert links(client, "/ar/", "years-heading") == [("/ar/2022/", "")]


def test_a_post_dated_in_the_future_adds_no_month_until_it_is_due(client, posts_over_two_years):
    make_post(date=timezone.now() + timedelta(days=40))
    later = timezone.now() + timedelta(days=40)
    assert all(href != f"/en/{later.year:04d}/{later.month:02d}/"
               for href, _count in links(client, f"/en/{later.year:04d}/", "months-heading"))
    assert (f"/en/{later.year:04d}/", "") not in links(client, "/en/", "years-heading")


def test_a_post_is_counted_in_the_month_of_the_sites_time_zone(settings):
    from datetime import UTC

    from bayan.archives.indexes import _months_with_posts

    settings.TIME_ZONE = "Asia/Damascus"  # three hours ahead of UTC
    make_post(date=datetime(2024, 1, 31, 22, 30, tzinfo=UTC))  # 1 February, 01:30 in Damascus
    make_post(date=datetime(2024, 1, 31, 20, 0, tzinfo=UTC))  # still 31 January there
    with timezone.override("Asia/Damascus"):
        months = {(month.year, month.month): month.post_count for month in _months_with_posts("en")}
    assert months == {(2024, 2): 1, (2024, 1): 1}


def test_a_post_no_longer_live_is_not_counted_even_while_its_entry_remains():
    """The archives' own guard: months are counted from the entries readers see, their post live."""
    from bayan.archives.indexes import _months_with_posts
    from bayan.newsroom.models import PostPage

    make_post(date=on(2024, 1))
    gone = make_post(date=on(2024, 2))
    # As if the entry outlived its publication (the archives remove it when a post is unpublished).
    PostPage.objects.filter(pk=gone.pk).update(live=False)
    assert {(month.year, month.month) for month in _months_with_posts("en")} == {(2024, 1)}
