"""The reader's search page: both languages, facet links, pages, and any input at all."""

import pytest

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
    # The first search after a change reads the sets: five facets, future posts, the word, its titles.
    with django_assert_max_num_queries(16):
        assert client.get("/en/search/", {"q": "detention"}).status_code == 200
    # Then: equivalents, the index token, three facets' labels, two rankings and the hits.
    with django_assert_max_num_queries(8):
        assert client.get("/en/search/", {"q": "detention", "page": "2"}).status_code == 200


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
