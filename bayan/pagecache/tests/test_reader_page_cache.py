"""Anonymous readers get stored pages until anything they could see changes."""

import gzip
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bayan.newsroom.models import PostPage
from bayan.newsroom.signals import posts_changed
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_the_second_visit_is_served_from_the_cache(client, committed):
    committed(make_post, title="First statement")
    first = client.get("/en/")
    second = client.get("/en/")
    assert first["X-Bayan-Cache"] == "miss" and second["X-Bayan-Cache"] == "hit"
    assert first.content == second.content


def test_publishing_a_post_replaces_every_cached_page(client, committed):
    committed(make_post, title="First statement")
    client.get("/en/")
    client.get("/en/feed/")
    committed(make_post, title="Second statement")
    assert "Second statement" in client.get("/en/").content.decode()
    assert "Second statement" in client.get("/en/feed/").content.decode()


def test_editing_unpublishing_and_deleting_are_seen_at_once(client, committed):
    post = committed(make_post, title="Original title", slug="the-post")
    assert "Original title" in client.get("/en/").content.decode()

    def edit():
        post.title = "Corrected title"
        post.save_revision().publish()

    committed(edit)
    assert "Corrected title" in client.get("/en/").content.decode()
    committed(PostPage.objects.get(pk=post.pk).unpublish)
    assert "Corrected title" not in client.get("/en/").content.decode()
    committed(PostPage.objects.get(pk=post.pk).delete)
    assert client.get("/en/the-post/").status_code == 404


def test_a_bulk_write_signal_starts_a_new_generation(client, committed):
    committed(make_post, title="Imported")
    etag = client.get("/en/")["ETag"]
    committed(posts_changed.send, sender=None, post_ids=[])
    assert client.get("/en/")["ETag"] != etag


def test_conditional_requests_are_answered_with_not_modified(client, committed):
    committed(make_post, title="First statement")
    response = client.get("/en/tag/")
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Last-Modified"]
    unchanged = client.get("/en/tag/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == response["ETag"]
    committed(make_post, title="Second statement")
    assert client.get("/en/tag/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_a_post_dated_in_the_future_appears_when_its_time_comes(client, committed):
    committed(make_post, title="Embargoed statement", date=timezone.now() + timedelta(hours=2))
    assert "Embargoed statement" not in client.get("/en/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert "Embargoed statement" in client.get("/en/").content.decode()


def test_signed_in_editors_and_not_found_pages_are_never_stored(client, committed, admin_user):
    committed(make_post, title="First statement")
    assert "X-Bayan-Cache" not in client.get("/en/missing/")
    client.force_login(admin_user)
    assert "X-Bayan-Cache" not in client.get("/en/")


def test_an_embargoed_post_is_not_found_until_its_date_even_through_the_cache(client, committed):
    post = committed(make_post, title="Embargoed statement", date=timezone.now() + timedelta(hours=2))
    assert client.get(post.reader_path()).status_code == 404
    assert client.get(post.reader_path()).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get(post.reader_path()).status_code == 200


def test_a_stored_page_is_sent_compressed_to_those_who_accept_it(client, committed):
    committed(make_post, title="First statement")
    plain = client.get("/en/")
    compressed = client.get("/en/", HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert compressed["X-Bayan-Cache"] == "hit" and compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content)
    again = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert again["X-Bayan-Cache"] == "hit" and "Content-Encoding" not in again
    assert again.content == plain.content
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in again["Vary"]


def test_pages_drawn_for_the_static_mirror_are_not_stored(client, committed, settings):
    from bayan.mirror.rendering import Renderer

    settings.BAYAN_PAGE_CACHE = True
    committed(make_post, title="First statement")
    rendered = Renderer("testserver", False).render("/en/")
    assert rendered.status == 200 and b"First statement" in rendered.body
    # The reader who comes next finds nothing stored by the mirror's rendering.
    assert client.get("/en/")["X-Bayan-Cache"] == "miss"
