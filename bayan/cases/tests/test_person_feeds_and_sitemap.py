"""Feeds of the posts linked to persons, and persons in the sitemap: public ones only."""

import lxml.etree
import pytest

from bayan.cases.models import LinkState, PostPerson
from bayan.cases.tests.factories import make_person
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    razan = make_person("Razan Example", "رزان مثال")
    hidden = make_person("Hidden Example", visibility="internal")
    shown = make_post(title="Statement about Razan")
    PostPerson.objects.create(post=shown, person=razan)
    PostPerson.objects.create(post=make_post(title="Only a suggestion"), person=razan, state=LinkState.SUGGESTED)
    PostPerson.objects.create(post=make_post(title="Draft about Razan", live=False), person=razan)
    PostPerson.objects.create(post=make_post(title="About the hidden one"), person=hidden)
    PostPerson.objects.create(post=make_post("ar", title="بيان عن رزان"), person=razan)
    return razan, hidden


def item_titles(response):
    assert response.status_code == 200
    feed = lxml.etree.fromstring(response.content)
    return [element.text for element in feed.iter("{*}item", "{*}entry") for element in element.iter("{*}title")]


@pytest.mark.parametrize("address", ["/en/person/razan-example/feed/", "/en/person/razan-example/feed/atom/"])
def test_a_persons_feed_has_the_linked_posts_readers_may_see_in_its_language(client, linked, address):
    assert item_titles(client.get(address)) == ["Statement about Razan"]


def test_the_arabic_feed_has_the_arabic_posts(client, linked):
    assert item_titles(client.get("/ar/person/razan-example/feed/")) == ["بيان عن رزان"]


def test_the_index_feed_has_posts_linked_to_any_public_person(client, linked):
    assert item_titles(client.get("/en/person/feed/")) == ["Statement about Razan"]


def test_an_internal_persons_feed_is_not_found(client, linked):
    assert client.get("/en/person/hidden-example/feed/").status_code == 404
    assert client.get("/en/person/nobody/feed/").status_code == 404


def test_the_sitemap_lists_public_persons_in_each_language(client, linked):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-persons-en.xml" in index and "sitemap-persons-ar.xml" in index
    english = client.get("/sitemap-persons-en.xml").content.decode()
    arabic = client.get("/sitemap-persons-ar.xml").content.decode()
    assert "/en/person/razan-example/" in english and "/ar/person/razan-example/" in arabic
    assert "hidden-example" not in english + arabic
