"""Every reader page has a search box in its header that sends the reader to their language's search page."""

import re

import pytest
from django.utils import timezone

from bayan.addresses import address_in
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

PAGE_KINDS = ["home", "archive", "post", "tag index", "not found"]


def address_of(kind, language):
    post = make_post(language, "Journalist detained in Homs" if language == "en" else "اعتقال صحفي في حمص",
                     days_ago=1)
    if kind == "post":
        return post.reader_path()
    if kind == "archive":
        return address_in(language, "archives:year", (("year", timezone.localtime(post.date).year),))
    if kind == "not found":
        return f"/{language}/nothing-lives-here/"
    return address_in(language, {"home": "archives:home", "tag index": "archives:tag-index"}[kind])


def header_search_box(body):
    """The header's search form: (its opening tag, its whole markup)."""
    header = re.search(r'<header class="site-header">.*?</header>', body, re.S).group(0)
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', header, re.S)
    assert form, "the header has no search box"
    return re.match(r"<form[^>]*>", form.group(0)).group(0), form.group(0)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_the_header_search_box_sends_a_query_to_the_pages_language(client, kind, language):
    response = client.get(address_of(kind, language))
    assert response.status_code == (404 if kind == "not found" else 200)
    opening, form = header_search_box(response.content.decode())
    assert f'action="/{language}/search/"' in opening
    assert 'method="get"' in opening and 'role="search"' in opening
    # A label a screen reader reads, tied to the field, and a plain submit button: no script needed.
    field_id = re.search(r'<input id="([^"]+)" type="search" name="q" value=""', form).group(1)
    assert re.search(rf'<label class="visually-hidden" for="{field_id}">[^<]+</label>', form)
    assert '<button type="submit">' in form


def test_a_search_sent_from_the_header_box_finds_the_post(client):
    make_post("ar", "اعتقال صحفي في حمص")
    opening, _form = header_search_box(client.get("/ar/").content.decode())
    action = re.search(r'action="([^"]+)"', opening).group(1)
    body = client.get(action, {"q": "صحفي"}).content.decode()
    assert "<mark>صحفي</mark>" in body


def test_on_the_search_page_the_header_box_holds_the_query(client):
    make_post("en", "Journalist detained in Homs")
    _opening, form = header_search_box(client.get("/en/search/", {"q": "journalist"}).content.decode())
    assert 'name="q" value="journalist"' in form
    _opening, elsewhere = header_search_box(client.get("/en/tag/").content.decode())
    assert 'value=""' in elsewhere
