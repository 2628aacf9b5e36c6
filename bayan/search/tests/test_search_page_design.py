"""The results page's parts: removable filter chips, facets in a <details>, close spellings apart, the empty state."""

import html
import re
import urllib.parse

import pytest

from bayan.newsroom.models import Tag
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def chips(body):
    """Each chip as (its accessible text, the filters its link keeps)."""
    found = []
    for address, inner in re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', body, re.S):
        inner = re.sub(r'<span class="chip-remove" aria-hidden="true">.*?</span>', "", inner)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        found.append((text, sorted(urllib.parse.parse_qsl(html.unescape(address).lstrip("?")))))
    return found


def test_each_chip_removes_exactly_its_own_filter(client):
    statement = category("en", "statement")
    make_post("en", "Journalist detained in Homs", category=statement, tags=["Homs"])
    homs = Tag.objects.get(name="Homs").pk
    body = client.get("/en/search/", {"q": "journalist", "category": statement.pk, "tag": homs,
                                      "language": "en"}).content.decode()
    shown = dict(chips(body))
    assert shown == {
        "Remove filter: Language English": sorted([("q", "journalist"), ("category", str(statement.pk)),
                                                   ("tag", str(homs))]),
        f"Remove filter: Category {statement.name}": sorted([("q", "journalist"), ("language", "en"),
                                                              ("tag", str(homs))]),
        "Remove filter: Tag Homs": sorted([("q", "journalist"), ("language", "en"),
                                           ("category", str(statement.pk))]),
    }
    assert '<a class="chip-clear" href="?q=journalist">' in body


def test_without_filters_there_are_no_chips(client):
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": "journalist"}).content.decode()
    assert chips(body) == []
    assert "search-chips" not in body


def test_the_facets_are_folded_in_a_details_beside_the_results(client):
    make_post("en", "Journalist detained in Homs", tags=["Homs"])
    body = client.get("/en/search/", {"q": "journalist"}).content.decode()
    details = re.search(r'<details class="search-facets">\s*<summary>Narrow the results</summary>(.*?)</details>',
                        body, re.S)
    assert details, "the facets are not in a <details> with a summary"
    for heading in ("Language", "Year", "Tag"):
        assert f"<h2>{heading}</h2>" in details.group(1)
    # Closed in the markup: a narrow screen shows the summary; site.css opens it on wide ones.
    assert "<details class=\"search-facets\" open" not in body
    assert body.index("search-facets") < body.index('class="search-results"')


def test_close_spellings_are_a_section_of_their_own_after_the_exact_results(client):
    make_post("en", "Razan Zaitouneh remembered")
    make_post("en", "Where is Razan Zeitouneh?")
    body = client.get("/en/search/", {"q": "Zaitouneh"}).content.decode()
    close = re.search(r'<section class="search-close" aria-labelledby="search-close">(.*?)</section>', body, re.S)
    assert close, "the close spellings have no section of their own"
    assert re.search(r'<h2 id="search-close">Close spellings of “Zaitouneh”, not exact matches:</h2>', close.group(1))
    assert "Zeitouneh" in close.group(1) and "Zaitouneh</mark> remembered" not in close.group(1)
    assert body.index("Zaitouneh</mark> remembered") < close.start()


def test_nothing_found_suggests_what_to_try_and_the_same_search_in_the_other_language(client):
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": "zzyzx"}).content.decode()
    empty = re.search(r'<div class="search-empty">(.*?)</div>', body, re.S).group(1)
    assert "Try fewer words, another spelling, or the other language." in empty
    assert ('The same search in another language: <a href="/ar/search/?q=zzyzx" hreflang="ar" lang="ar">العربية</a>'
            in empty)
    assert 'href="/en/tag/"' in empty


def test_nothing_found_with_filters_offers_the_search_without_them(client):
    statement = category("en", "statement")
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": "journalist", "category": statement.pk}).content.decode()
    empty = re.search(r'<div class="search-empty">(.*?)</div>', body, re.S).group(1)
    assert '<a href="?q=journalist">Search without filters.</a>' in empty
    # Facets are not counted when nothing matches, so the chip names its facet only: no query spent on a label.
    assert chips(body) == [("Remove filter: Category", [("q", "journalist")])]


def test_the_arabic_results_page_is_right_to_left_with_arabic_chips(client):
    make_post("ar", "اعتقال صحفي في حمص", tags=["حمص"])
    homs = Tag.objects.get(name="حمص").pk
    body = client.get("/ar/search/", {"q": "صحفي", "tag": homs}).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert [address for _text, address in chips(body)] == [[("q", "صحفي")]]
