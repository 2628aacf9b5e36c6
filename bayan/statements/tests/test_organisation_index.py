"""The organisation index: public organisations by name, filtered by country and kind with counts."""

import lxml.html
import pytest

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Kind, Visibility

from .factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db


def _page(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return lxml.html.fromstring(response.content) if status == 200 else response


def _names(page):
    return [link.text for link in page.xpath("//ul[@class='person-rows']//h3/a")]


@pytest.fixture
def organisations():
    made = [
        make_organisation("Beirut Media Forum", "منتدى بيروت الإعلامي", country="LB", kind=Kind.NGO),
        make_organisation("Aleppo Writers Union", "اتحاد كتاب حلب", country="SY", kind=Kind.UNION),
        make_organisation("Coastal Radio", "إذاعة الساحل", country="SY", kind=Kind.MEDIA),
        make_organisation("Silent Partner", country="SY", visibility=Visibility.INTERNAL),
    ]
    make_statement(make_post(), made[1], made[2], made[3])
    return made


def test_the_index_lists_public_organisations_by_name_in_the_page_language(client, organisations):
    assert _names(_page(client, "/en/organisation/")) == ["Aleppo Writers Union", "Beirut Media Forum", "Coastal Radio"]
    assert _names(_page(client, "/ar/organisation/")) == ["اتحاد كتاب حلب", "إذاعة الساحل", "منتدى بيروت الإعلامي"]


def test_filters_combine_and_each_value_has_its_count_under_the_others(client, organisations):
    page = _page(client, "/en/organisation/?country=SY")
    assert _names(page) == ["Aleppo Writers Union", "Coastal Radio"]
    facets = {section.xpath("string(h2)"): [" ".join(item.text_content().split()) for item in section.xpath(".//li")]
              for section in page.xpath("//section[@class='facet']")}
    assert facets["Country"] == ["✓ Syria 2", "Lebanon 1"]
    assert sorted(facets["Kind"]) == ["media outlet 1", "union or syndicate 1"]
    page = _page(client, "/en/organisation/?country=SY&kind=union")
    assert _names(page) == ["Aleppo Writers Union"]
    assert len(page.xpath("//section[@class='search-chips']//a[@class='chip']")) == 2


def test_each_row_counts_the_statements_readers_may_see(client, organisations):
    page = _page(client, "/en/organisation/?kind=union")
    assert "1 statement signed" in page.xpath("string(//p[@class='person-row-roles'])")


def test_nonsense_filters_are_ignored_and_pages_past_the_end_are_not_found(client, organisations):
    assert len(_names(_page(client, "/en/organisation/?country=XX&kind=<script>"))) == 3
    _page(client, "/en/organisation/page/2/", status=404)
    assert _page(client, "/en/organisation/page/1/", status=301)["Location"] == "/en/organisation/"


def test_an_internal_organisation_is_in_no_count(client, organisations):
    text = _page(client, "/en/organisation/").text_content()
    assert "Silent Partner" not in text and "3 organisations" in text
