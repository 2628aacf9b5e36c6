"""The language switcher leads to the counterpart of the page being read, or to the other home when none exists."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.newsroom.models import StandardPage
from bayan.newsroom.services import author_named, home_for, tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def switcher(client, url):
    """Where the switcher on ``url`` leads (the one other language's link)."""
    response = client.get(url)
    assert response.status_code == 200, url
    links = lxml.html.fromstring(response.content).xpath("//nav[@class='language-switcher']//a/@href")
    assert len(links) == 1
    return links[0]


@pytest.fixture
def arresting_activists(settings):
    """An English tag with four pages of posts and its Arabic translation with `arabic_posts` posts."""
    settings.BAYAN_ITEMS_PER_PAGE = 2
    english = tag_named("arresting activists")
    arabic = tag_named("اعتقال الناشطين", language="ar", translation_of=english)
    for _number in range(8):
        make_post(tags=[english])

    def arabic_posts(count):
        for _number in range(count):
            make_post("ar", tags=[arabic])
        return arabic

    return english, arabic_posts


def test_page_three_of_a_tag_leads_to_page_three_of_its_translation(client, arresting_activists):
    english, arabic_posts = arresting_activists
    arabic = arabic_posts(6)
    assert switcher(client, "/en/tag/arresting-activists/page/3/") == f"{arabic.reader_path()}page/3/"


def test_page_three_leads_to_the_last_page_of_a_shorter_translation(client, arresting_activists):
    english, arabic_posts = arresting_activists
    arabic = arabic_posts(3)
    assert switcher(client, "/en/tag/arresting-activists/page/3/") == f"{arabic.reader_path()}page/2/"


def test_a_translated_tag_with_nothing_readers_may_see_is_not_offered(client, arresting_activists):
    english, _arabic_posts = arresting_activists
    make_post("ar", tags=[tag_named("اعتقال الناشطين", language="ar")], live=False)
    assert switcher(client, "/en/tag/arresting-activists/page/3/") == "/ar/"


def _translation_of(term):
    return type(term).objects.get(translation_key=term.translation_key, locale__language_code="ar")


def test_a_category_year_and_author_lead_to_their_counterparts(client):
    writer = author_named("Legal unit", "legal-unit")
    statement = _translation_of(category("en", "statement"))
    english = make_post(category=category("en", "statement"), authors=[writer])
    make_post("ar", category=statement, authors=[writer], date=english.date)
    year = english.date.year
    assert switcher(client, f"/en/{year}/") == f"/ar/{year}/"
    assert switcher(client, "/en/author/legal-unit/") == "/ar/author/legal-unit/"
    assert switcher(client, "/en/category/statement/") == statement.reader_path()


@pytest.mark.parametrize("index", ["tag", "category", "author", "subscribe"])
def test_an_index_leads_to_the_same_index(client, index):
    assert switcher(client, f"/en/{index}/") == f"/ar/{index}/"


def test_search_keeps_the_query_and_the_filters_that_mean_the_same_there(client):
    writer = author_named("Legal unit", "legal-unit")
    make_post(title="Detained journalists in the north", authors=[writer], tags=["detention"])
    address = switcher(client, f"/en/search/?q=detained&author={writer.pk}&year=2020&tag=99")
    assert urlsplit(address).path == "/ar/search/"
    assert parse_qs(urlsplit(address).query) == {"q": ["detained"], "author": [str(writer.pk)], "year": ["2020"]}


def _standard_page(language, title, slug, translation_of=None, live=True):
    page = StandardPage(title=title, slug=slug, body="<p>Who we are.</p>", live=live)
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    home_for(language).add_child(instance=page)
    return page


def test_a_standard_page_leads_to_its_visible_translation_only(client):
    about = _standard_page("en", "About us", "about")
    assert switcher(client, "/en/about/") == "/ar/"
    arabic = _standard_page("ar", "من نحن", "about", translation_of=about, live=False)
    assert switcher(client, "/en/about/") == "/ar/"
    arabic.save_revision().publish()
    assert switcher(client, "/en/about/") == "/ar/about/"


def test_a_tag_page_reads_its_translations_with_itself(client, arresting_activists):
    _english, arabic_posts = arresting_activists
    arabic = arabic_posts(6)
    with CaptureQueriesContext(connection) as queries:
        assert switcher(client, "/en/tag/arresting-activists/page/3/") == f"{arabic.reader_path()}page/3/"
    assert len([query for query in queries.captured_queries if '"newsroom_tag"' in query["sql"]]) == 1
