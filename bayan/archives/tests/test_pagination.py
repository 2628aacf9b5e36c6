from datetime import UTC

import lxml.html
import pytest

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def twenty_three_tagged_posts(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        tag = tag_named("detention")
        yield [make_post(title=f"Statement {number}", days_ago=number, tags=[tag]) for number in range(1, 24)]


def titles(response):
    document = lxml.html.fromstring(response.content)
    return [link.text_content() for link in document.xpath("//h2[@class='entry-title']/a")]


def test_pages_hold_ten_items_newest_first(client, twenty_three_tagged_posts):
    assert titles(client.get("/en/tag/detention/")) == [f"Statement {n}" for n in range(1, 11)]
    assert titles(client.get("/en/tag/detention/page/2/")) == [f"Statement {n}" for n in range(11, 21)]
    assert titles(client.get("/en/tag/detention/page/3/")) == [f"Statement {n}" for n in range(21, 24)]


def test_items_per_page_is_a_setting(client, settings, twenty_three_tagged_posts):
    settings.BAYAN_ITEMS_PER_PAGE = 5
    assert len(titles(client.get("/en/tag/detention/page/5/"))) == 3


def test_page_one_redirects_to_the_archive_itself(client, twenty_three_tagged_posts):
    response = client.get("/en/tag/detention/page/1/")
    assert response.status_code == 301
    assert response["Location"] == "/en/tag/detention/"


@pytest.mark.parametrize("page", ["0", "4", "99999999999999999999", "abc", "-1", "2.5"])
def test_pages_that_do_not_exist_are_not_found(client, twenty_three_tagged_posts, page):
    assert client.get(f"/en/tag/detention/page/{page}/").status_code == 404


def test_pages_link_to_their_neighbours(client, twenty_three_tagged_posts):
    document = lxml.html.fromstring(client.get("/en/tag/detention/page/2/").content)
    assert document.xpath("//link[@rel='prev']/@href") == ["/en/tag/detention/"]
    assert document.xpath("//link[@rel='next']/@href") == ["/en/tag/detention/page/3/"]
    assert document.xpath("//link[@rel='canonical']/@href")[0].endswith("/en/tag/detention/page/2/")
    first = lxml.html.fromstring(client.get("/en/tag/detention/").content)
    assert first.xpath("//link[@rel='prev']") == []


def test_the_home_archive_paginates_like_the_others(client, twenty_three_tagged_posts):
    assert len(titles(client.get("/en/"))) == 10
    assert len(titles(client.get("/en/page/3/"))) == 3
    assert client.get("/en/page/4/").status_code == 404


def test_date_archives_list_the_posts_of_their_period(client):
    from datetime import datetime

    make_post(title="March post", date=datetime(2017, 3, 9, 12, tzinfo=UTC))
    make_post(title="April post", date=datetime(2017, 4, 2, 12, tzinfo=UTC))
    make_post(title="Other year", date=datetime(2016, 4, 2, 12, tzinfo=UTC))
    assert titles(client.get("/en/2017/")) == ["April post", "March post"]
    assert titles(client.get("/en/2017/03/")) == ["March post"]
    assert client.get("/en/2017/05/").status_code == 404
    assert client.get("/en/2017/13/").status_code == 404
    assert client.get("/en/2018/").status_code == 404
