"""A host the site does not serve is refused whether the page is stored or not."""

import pytest

from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_an_unknown_host_is_refused_on_a_miss_and_on_a_hit(client, committed):
    committed(make_post, title="First statement")
    assert client.get("/en/").status_code == 200
    assert client.get("/en/")["X-Bayan-Cache"] == "hit"
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/en/feed/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/en/feed/", HTTP_HOST="evil.example").status_code == 400


def test_pages_are_stored_apart_per_host(client, committed, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "news.example.org"]
    committed(make_post, title="First statement")
    client.get("/en/", HTTP_HOST="127.0.0.1")
    assert client.get("/en/", HTTP_HOST="news.example.org")["X-Bayan-Cache"] == "miss"
