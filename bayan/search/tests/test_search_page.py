"""The reader's search page: both languages, facet links, pages, close matches apart, and any input at all."""

import html
import re
import urllib.parse

import pytest
from django.db import connection

from bayan.newsroom.services import author_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    "   ",
    "!!! ؟؟؟ ...",
    "the of and",
    "في من",
    "x" * 10_000,
    "journalist " * 2_000,
    '"',
    '"unclosed phrase',
    "*",
    "NEAR(journalist detained)",
    "title: journalist",
    "(journalist OR",
    "' OR 1=1; DROP TABLE bayan_search_searchdocument; --",
    "journalist\x00detained",
    "\u200fاعتقال\u200e journalist",
    "-journalist",
    "- - -",
    "صحفي‌ها",
    "😀 journalist",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gives_a_normal_page(client, query):
    make_post("en", "Journalist detained in Homs")
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("params", [
    {"q": "journalist", "page": "abc"},
    {"q": "journalist", "page": "-4"},
    {"q": "journalist", "page": "99999999999999999999"},
    {"q": "journalist", "category": "nonsense", "tag": "1 OR 1=1", "year": "", "author": "\x00"},
    {"q": "journalist", "language": "klingon"},
])
def test_bad_parameters_are_ignored(client, params):
    make_post("en", "Journalist detained in Homs")
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    assert "detained in Homs" in response.content.decode()


def test_empty_query_shows_the_form_without_results(client):
    response = client.get("/en/search/", {"q": "the"})
    body = response.content.decode()
    assert 'name="q"' in body
    assert "are not searched on their own" in body
    assert 'content="noindex, follow"' in body


def test_results_are_listed_with_count_marks_and_facet_links(client):
    make_post("en", "Journalist detained in Homs", tags=["Homs"])
    make_post("en", "Journalist freed", tags=["Aleppo"])
    body = client.get("/en/search/", {"q": "journalist"}).content.decode()
    assert "2 results" in body
    assert "<mark>Journalist</mark> detained in Homs" in body
    assert "?q=journalist&amp;tag=" in body


def test_arabic_search_page_is_right_to_left_and_in_arabic(client):
    make_post("ar", "اعتقال صحفي في حمص")
    body = client.get("/ar/search/", {"q": "الصحفيين"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "<mark>صحفي</mark>" in body
    assert "نتيجة" in body


def test_result_pages_link_to_each_other(client, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    for number in range(5):
        make_post("en", f"Detention case {number}")
    body = client.get("/en/search/", {"q": "detention", "page": "2"}).content.decode()
    assert 'href="?q=detention&amp;page=1" rel="prev"' in body
    assert 'href="?q=detention&amp;page=3" rel="next"' in body
    assert "Page 2 of 3" in body
    beyond = client.get("/en/search/", {"q": "detention", "page": "9"}).content.decode()
    assert "There are no more results." in beyond


def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(15):
        make_post("en", f"Detention case {number}", tags=[f"tag {number}"])
    # What every page shows (the organisation, the menus) is read once per content generation, here.
    client.get("/en/tag/")
    # The first search after a change reads the sets: five facets, future posts, the word and its titles (each
    # from its terms' kept sets first, then the index for the others); the facets' names, in one statement; the
    # content generation, once; and the sections other apps add (persons, organisations: each its names and the
    # equivalents, once per generation).
    # On PostgreSQL each of the two reads from the index is framed by turning sequential scans off and on again,
    # in a savepoint here (``PostgresBackend.matching``).
    framing = 8 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(21 + framing):
        assert client.get("/en/search/", {"q": "detention"}).status_code == 200
    # Then: the content generation, the index token, two rankings and the hits. The editors' equivalents and
    # the facets' names were read by the first search of this generation.
    with django_assert_max_num_queries(5):
        assert client.get("/en/search/", {"q": "detention", "page": "2"}).status_code == 200


def test_a_facets_names_are_read_once_per_generation_and_an_edit_shows_at_once(client):
    from bayan.newsroom.models import Tag
    from bayan.pagecache.invalidation import start_new_generation

    make_post("en", "Detention case", tags=["night raids"])
    assert "night raids" in client.get("/en/search/", {"q": "detention"}).content.decode()
    tag = Tag.objects.get(name="night raids")
    tag.name = "dawn raids"
    tag.save()
    # What the edit's commit does on the site (the test's own transaction never commits).
    start_new_generation()
    page = client.get("/en/search/", {"q": "detention"}).content.decode()
    assert "dawn raids" in page and "night raids" not in page


def test_a_search_asked_again_is_shown_from_the_result_cache_with_one_query(client, settings,
                                                                            django_assert_num_queries):
    settings.BAYAN_SEARCH_CACHE = True
    make_post("en", "Detention case", category=category("en", "statement"))
    first = client.get("/en/search/", {"q": "detention"}).content.decode()
    # Only the content generation is read: the hits are kept as the page shows them.
    with django_assert_num_queries(1):
        again = client.get("/en/search/", {"q": "detention"}).content.decode()
    assert again == first
    assert "<mark>Detention</mark> case" in again and "/en/category/statement/" in again


def test_words_found_only_closely_are_listed_under_a_heading_that_says_so(client):
    make_post("ar", "نداء إلى جميع الأطراف", body="<p>جمع الفريق الشهادات.</p>")
    english = client.get("/en/search/", {"q": "جمعية"}).content.decode()
    assert "No exact match for “جمعية”; close spellings:" in english
    assert "1 close match" in english and "1 result" not in english
    assert "نداء إلى" in english
    arabic = client.get("/ar/search/", {"q": "جمعية"}).content.decode()
    assert "لا توجد نتيجة مطابقة تماماً لـ«جمعية»؛ هذه كتابات قريبة:" in arabic
    assert "نتيجة قريبة واحدة" in arabic


def test_close_matches_are_listed_apart_after_the_exact_ones(client):
    make_post("en", "Razan Zaitouneh remembered")
    make_post("en", "Where is Razan Zeitouneh?")
    body = client.get("/en/search/", {"q": "Zaitouneh"}).content.decode()
    assert "1 result" in body
    heading = body.index("Close spellings of “Zaitouneh”, not exact matches:")
    assert body.index("Razan <mark>Zaitouneh</mark> remembered") < heading
    assert heading < body.index("Where is Razan <mark>Zeitouneh?</mark>")
    arabic = client.get("/ar/search/", {"q": "Zaitouneh"}).content.decode()
    assert "كتابات قريبة من «Zaitouneh»، وليست مطابقة تماماً:" in arabic


def search_box(body):
    return html.unescape(re.search(r'<input id="search-q" [^>]*value="([^"]*)"', body).group(1))


def test_a_huge_query_is_cut_on_the_server_and_gives_a_small_page(client):
    make_post("ar", "اعتقال صحفي في حمص", tags=["حمص"])
    query = " ".join(["الصحفيين", "المعتقلين", "في", "سجون", "حمص", "المركزية"] * 1200)
    assert len(query.encode()) > 61_000
    response = client.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.content) < 100_000
    body = response.content.decode()
    shown = search_box(body)
    # The box shows what was searched: the query's first 300 characters, cut at a word's end.
    assert 250 < len(shown) <= 300 and query.startswith(shown) and query[len(shown)] == " "
    assert 'maxlength="300"' in body
    assert "يُختصر البحث الطويل" in body
    # Every link carries the cut query, never the whole of it.
    assert query[:2000] not in urllib.parse.unquote(body)


def test_the_query_bound_is_a_setting(client, settings):
    settings.BAYAN_SEARCH_MAX_QUERY = 40
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": "journalist detained " * 10}).content.decode()
    assert search_box(body) == "journalist detained journalist detained"
    assert 'maxlength="40"' in body
    assert "Long searches are shortened: only the first 40 characters and 12 words are searched." in body
    assert "<mark>Journalist</mark> <mark>detained</mark>" in body


def test_a_query_of_short_words_is_shortened_to_twelve_words_and_says_so(client):
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": " ".join(f"word{number}" for number in range(20))}).content.decode()
    assert "Long searches are shortened" in body
    assert "Long searches are shortened" not in client.get("/en/search/", {"q": "journalist"}).content.decode()


def test_control_characters_never_reach_the_page(client):
    make_post("en", "Journalist detained in Homs")
    body = client.get("/en/search/", {"q": "journalist\x00detained\x1b\u202e\x85in Homs"}).content.decode()
    for character in "\x00\x1b\u202e\x85":
        assert character not in body
    assert search_box(body) == "journalist detained in Homs"
    assert "1 result" in body


def test_the_author_facet_names_each_author_as_written_in_the_pages_language(client, settings):
    settings.BAYAN_SEARCH_CACHE = True
    author = author_named("Legal unit", "legal-unit", names={"ar": "الوحدة القانونية"})
    make_post("en", "Detention case", authors=[author])
    assert "Legal unit" in client.get("/en/search/", {"q": "detention"}).content.decode()
    arabic = client.get("/ar/search/", {"q": "detention"}).content.decode()
    assert "الوحدة القانونية" in arabic and "Legal unit" not in arabic
