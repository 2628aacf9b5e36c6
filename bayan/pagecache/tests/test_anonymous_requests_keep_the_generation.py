"""Nothing an anonymous visitor can send starts a new generation: otherwise anyone could empty the cache at will."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(committed):
    def build():
        post = make_post(title="Detained reporter", slug="detained-reporter", tags=[tag_named("detention")])
        protected = make_post(title="Members only", slug="members-only")
        restriction = PageViewRestriction.objects.create(page=protected, restriction_type="password",
                                                         password="letmein")
        get_user_model().objects.create_user("editor", password="correct horse battery")
        return post, restriction

    return committed(build)


def reader_requests(post, restriction):
    """(description, method, path, data, status) of every kind of request a visitor without an account can make."""
    return [
        ("home", "get", "/en/", None, 200),
        ("archive page", "get", "/en/tag/detention/", None, 200),
        ("feed", "get", "/en/feed/", None, 200),
        ("sitemap", "get", "/sitemap.xml", None, 200),
        ("robots", "get", "/robots.txt", None, 200),
        ("post", "get", "/en/detained-reporter/", None, 200),
        ("search", "get", "/en/search/", {"q": "detained"}, 200),
        ("unknown address", "get", "/en/no-such-page/", None, 404),
        ("old WordPress address", "get", "/", {"p": "12345"}, 302),
        ("head", "head", "/en/", None, 200),
        ("sign-in form", "get", "/admin/login/", None, 200),
        ("failed sign-in", "post", "/admin/login/", {"username": "editor", "password": "wrong"}, 200),
        ("sign-in", "post", "/admin/login/", {"username": "editor", "password": "correct horse battery"}, 302),
        ("password form", "get", "/en/members-only/", None, 200),
        ("wrong page password", "post",
         f"/en/_util/authenticate_with_password/{restriction.pk}/{restriction.page_id}/",
         {"password": "nope", "return_url": "/en/members-only/"}, 200),
        ("page password", "post",
         f"/en/_util/authenticate_with_password/{restriction.pk}/{restriction.page_id}/",
         {"password": "letmein", "return_url": "/en/members-only/"}, 302),
    ]


def test_no_anonymous_request_starts_a_new_generation(client_factory, newsroom, committed, generation_token):
    post, restriction = newsroom
    client = client_factory()
    client.get("/en/")
    before = generation_token()
    assert before is not None
    for description, method, path, data, status in reader_requests(post, restriction):
        # A fresh visitor each time, as the cache sees them: no session, no cookies.
        visitor = client_factory()
        response = committed(getattr(visitor, method), path, data or {})
        assert response.status_code == status, description
        assert generation_token() == before, f"a {description} started a new generation"
    assert get_user_model().objects.get(username="editor").last_login is not None


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
