import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.held import HeldPerGeneration, generation_token, note_generation
from bayan.pagecache.invalidation import (
    GENERATION_COLUMNS,
    current_generation,
    current_token,
    start_new_generation,
)

pytestmark = pytest.mark.django_db


def counting_loader():
    calls = []

    def load(language):
        calls.append(language)
        return f"{language} #{len(calls)}"

    return load, calls


def test_a_held_value_is_loaded_once_per_generation_and_key():
    load, calls = counting_loader()
    held = HeldPerGeneration(load)
    assert held.get(RequestFactory().get("/"), "en") == "en #1"
    assert held.get(RequestFactory().get("/"), "en") == "en #1"
    assert held.get(RequestFactory().get("/"), "ar") == "ar #2"
    assert calls == ["en", "ar"]


def test_a_new_generation_drops_what_was_held():
    load, calls = counting_loader()
    held = HeldPerGeneration(load)
    held.get(RequestFactory().get("/"), "en")
    start_new_generation()
    assert held.get(RequestFactory().get("/"), "en") == "en #2"


def test_the_token_is_read_once_per_request(django_assert_num_queries):
    request = RequestFactory().get("/")
    first = generation_token(request)
    with django_assert_num_queries(0):
        assert generation_token(request) == first


def test_a_request_the_page_cache_saw_costs_no_query(django_assert_num_queries):
    load, _calls = counting_loader()
    held = HeldPerGeneration(load)
    request = RequestFactory().get("/")
    request.content_generation_token = generation_token()
    held.get(request, "en")
    with django_assert_num_queries(0):
        held.get(request, "en")


def test_a_generation_the_replicas_router_read_costs_no_query(django_assert_num_queries):
    # With replicas and no page cache, the router's read of the generation is the request's only one.
    request = RequestFactory().get("/")
    request.content_generation = current_generation()
    with django_assert_num_queries(0):
        assert generation_token(request) == request.content_generation.token.hex
        assert generation_token(request) == request.content_generation.token.hex


def test_the_token_read_in_one_query_is_the_generations(django_assert_num_queries):
    with django_assert_num_queries(1):
        token = current_token()
    assert token == current_generation().token.hex


def test_a_post_coming_due_starts_a_new_generation_for_the_plain_read_too(time_machine):
    time_machine.move_to(timezone.now())
    make_post(title="Embargoed until tomorrow", date=timezone.now() + timedelta(days=1))
    start_new_generation()
    before = current_token()
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert current_token() != before


def test_a_generation_read_beside_a_post_costs_no_query_of_its_own(client, settings):
    settings.BAYAN_PAGE_CACHE = False
    post = make_post(title="Read with its generation")
    start_new_generation()
    client.get(post.reader_path())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(post.reader_path()).status_code == 200
    assert len(captured) == 1  # the post with the generation, its authors, tags and translations
    assert not [query for query in captured if query["sql"].startswith("SELECT token")]


def test_a_generation_read_beside_is_left_alone_once_due(time_machine):
    time_machine.move_to(timezone.now())
    make_post(title="Embargoed until tomorrow", date=timezone.now() + timedelta(days=1))
    start_new_generation()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(GENERATION_COLUMNS))
        row = cursor.fetchone()
    fresh = RequestFactory().get("/")
    note_generation(fresh, row)
    assert fresh.content_generation_token == current_token()
    time_machine.move_to(timezone.now() + timedelta(days=2))
    due = RequestFactory().get("/")
    note_generation(due, row)
    assert not hasattr(due, "content_generation_token")
    assert generation_token(due) != fresh.content_generation_token  # the plain read started the next one


def test_a_generation_already_on_the_request_stays():
    request = RequestFactory().get("/")
    request.content_generation_token = "read-first"
    note_generation(request, (uuid.uuid4(), timezone.now(), None))
    assert request.content_generation_token == "read-first"


def test_past_its_capacity_a_held_value_is_loaded_each_time_and_still_right():
    load, calls = counting_loader()
    held = HeldPerGeneration(load, capacity=1)
    assert held.get(RequestFactory().get("/"), "en") == "en #1"
    assert held.get(RequestFactory().get("/"), "ar") == "ar #2"
    assert held.get(RequestFactory().get("/"), "ar") == "ar #3"
    assert held.get(RequestFactory().get("/"), "en") == "en #1"
    assert calls == ["en", "ar", "ar"]
