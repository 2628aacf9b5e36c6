"""The persons index: every public person by name, filters with counts, nonsense ignored, pages, the chart."""

import re

import pytest
import time_machine

from bayan.cases.tests.factories import make_event, make_person

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15 12:00"


@pytest.fixture
def persons():
    """Two detained journalists (one from 2014), a missing lawyer, a released blogger, an internal detainee."""
    zaid = make_person("Zaid Example", "زيد مثال", roles=["journalist"])
    amal = make_person("Amal Example", "أمل مثال", roles=["journalist"])
    bassel = make_person("bassel Example", "باسل مثال", roles=["lawyer"])
    dana = make_person("Dana Example", "دانة مثال", roles=["blogger"])
    hidden = make_person("Hidden Example", "مخفي مثال", roles=["journalist"], visibility="internal")
    make_event("arrested", "2014-03-10", zaid, place="Damascus")
    make_event("arrested", "2019-05-02", amal, hidden, place="Aleppo")
    make_event("abducted", "2013-12", bassel, place="Douma")
    make_event("arrested", "2012-02-16", dana, place="Damascus")
    make_event("released", "2015-08-10", dana, place="Damascus")
    return zaid, amal, bassel, dana, hidden


def names_listed(response):
    return re.findall(r'class="person-row-name"><a href="[^"]+" dir="auto">([^<]+)</a>', response.content.decode())


def facet_counts(response):
    """{value label: count} of every offered filter value."""
    found = re.findall(r'<span dir="auto">(?:✓ )?([^<]+)</span> <span class="count">(\d+)</span>',
                       response.content.decode())
    return {label: int(count) for label, count in found}


@time_machine.travel(TODAY, tick=False)
def test_public_persons_are_listed_by_name_in_each_language(client, persons):
    assert names_listed(client.get("/en/person/")) == ["Amal Example", "bassel Example", "Dana Example",
                                                         "Zaid Example"]
    assert names_listed(client.get("/ar/person/")) == ["أمل مثال", "باسل مثال", "دانة مثال", "زيد مثال"]


@time_machine.travel(TODAY, tick=False)
def test_each_row_shows_roles_status_since_and_days(client, persons):
    page = client.get("/en/person/").content.decode()
    assert "Detained since 10 March 2014" in page and "4,480 days deprived of liberty" in page
    assert "Missing since December 2013" in page and "about 4,579 days" in page
    assert "Released on 10 August 2015" in page
    assert "Journalist" in page and "Lawyer" in page


@time_machine.travel(TODAY, tick=False)
def test_filters_combine_and_count_under_the_other_filters(client, persons):
    detained = client.get("/en/person/?status=detained")
    assert names_listed(detained) == ["Amal Example", "Zaid Example"]
    counts = facet_counts(detained)
    # The status facet counts every status (no other filter); the others count among the detained.
    assert counts["Detained"] == 2 and counts["Missing"] == 1 and counts["Released"] == 1
    assert counts["Journalist"] == 2 and "Lawyer" not in counts
    assert counts["Damascus"] == 1 and counts["Aleppo"] == 1
    both = client.get("/en/person/?status=detained&place=Damascus&role=journalist&year=2014")
    assert names_listed(both) == ["Zaid Example"]


@time_machine.travel(TODAY, tick=False)
def test_a_chosen_filter_is_a_chip_that_removes_it(client, persons):
    page = client.get("/en/person/?status=detained&role=journalist").content.decode()
    assert 'class="chip" href="/en/person/?role=journalist"' in page
    assert 'class="chip" href="/en/person/?status=detained"' in page
    assert 'class="chip-clear" href="/en/person/"' in page


@pytest.mark.parametrize("query", ["?status=nonsense", "?role=astronaut", "?year=abcd", "?year=99999999999999999999",
                                   "?place=Atlantis", "?status=&role=", "?status=%00", "?year=１٢٣٤"])
def test_unknown_or_nonsense_filters_are_ignored(client, persons, query):
    response = client.get(f"/en/person/{query}")
    assert response.status_code == 200
    assert len(names_listed(response)) == 4


def test_the_internal_person_is_neither_listed_nor_counted(client, persons):
    for address in ("/en/person/", "/en/person/?status=detained", "/ar/person/?role=journalist",
                    "/en/person/?place=Aleppo"):
        page = client.get(address).content.decode()
        assert "Hidden" not in page and "مخفي" not in page
    assert facet_counts(client.get("/en/person/?place=Aleppo"))["Aleppo"] == 1


def test_pages_beyond_the_end_are_not_found_and_page_one_is_the_index(client, settings, persons):
    settings.BAYAN_ITEMS_PER_PAGE = 3
    assert names_listed(client.get("/en/person/page/2/")) == ["Zaid Example"]
    assert client.get("/en/person/page/3/").status_code == 404
    assert client.get("/en/person/page/2/?status=detained").status_code == 404
    first = client.get("/en/person/page/1/?status=detained")
    assert first.status_code == 301 and first["Location"] == "/en/person/?status=detained"
    assert 'href="/en/person/page/2/" rel="next"' in client.get("/en/person/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_chart_counts_each_year_of_deprivation_and_who_still_is(client, persons):
    page = client.get("/en/person/").content.decode()
    assert "<svg" in page and "<title" in page and "<desc" in page and "<script" not in page.split("<svg")[1]
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th><td>(\d+)</td><td>(\d+)</td></tr>', page)
    figures = {year: (int(total), int(still)) for year, total, still in rows}
    # Dana 2012–2015 (released), Bassel from 2013, Zaid from 2014, Amal from 2019: the internal person never.
    assert figures["2012"] == (1, 0)
    assert figures["2014"] == (3, 2)
    assert figures["2016"] == (2, 2)
    assert figures["2026"] == (3, 3)


def test_the_index_switches_language_with_its_filters(client, settings, persons):
    page = client.get("/en/person/?status=detained").content.decode()
    assert 'href="/ar/person/?status=detained" hreflang="ar"' in page
