"""A listed post is served by its own quick route; anything else at /<lang>/<slug>/ gets Wagtail's full checks."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from bayan.newsroom.models import StandardPage
from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def test_a_listed_post_is_served(client):
    post = make_post(title="Release them now", body="<p>The whole statement.</p>")
    response = client.get(post.reader_path())
    assert response.status_code == 200
    assert "The whole statement." in response.content.decode()


def test_a_password_protected_post_asks_for_its_password(client):
    post = make_post(title="Protected", body="<p>Secret body.</p>")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = client.get(post.reader_path())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Secret body." not in content
    assert 'type="password"' in content


def test_a_password_protected_post_shows_itself_once_its_password_is_given(client):
    post = make_post(title="Protected", body="<p>Secret body.</p>")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.PASSWORD, password="x")
    form = lxml.html.fromstring(client.get(post.reader_path()).content).xpath("//form[.//input[@type='password']]")[0]
    wrong = client.post(form.get("action"), {"password": "y", "return_url": post.reader_path()})
    assert wrong.status_code == 200 and "Secret body." not in wrong.content.decode()
    right = client.post(form.get("action"), {"password": "x", "return_url": post.reader_path()}, follow=True)
    assert "Secret body." in right.content.decode()


def test_a_post_for_signed_in_readers_sends_others_to_sign_in(client):
    post = make_post(title="Members only", body="<p>Secret body.</p>")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(post.reader_path())
    assert response.status_code == 302
    assert "Secret body." not in response.content.decode()


def test_a_draft_is_not_found(client):
    post = make_post(title="Draft", live=False)
    assert client.get(post.reader_path()).status_code == 404


def test_a_category_archive_switches_to_its_translation(client):
    make_post(category=category("en", "report"))
    make_post("ar", "تقرير عن الاعتقال", category=category("ar", "تقرير"))
    response = client.get("/en/category/report/")
    content = response.content.decode()
    assert 'hreflang="ar" href="http://127.0.0.1:8000/ar/category/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1/"' in content


# (an address asked first, so that what is held per generation is read, the made-up address, the statements it
# may take: the post lookup for a one-part address, the generation, whether any page has its first part as slug,
# the redirects)
MADE_UP = [("/en/nothing-here/", "/en/nothing-here-either/", 4), ("/ar/nothing/here/", "/ar/nothing/here/either/", 3)]


@pytest.mark.parametrize(("first", "address", "statements"), MADE_UP)
def test_a_made_up_address_is_not_found_without_walking_wagtails_tree(client, first, address, statements):
    make_post(title="Release them now")
    client.get(first)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 404
    # None of Wagtail's routing (the active locale, the home's children).
    assert not [query for query in queries if query["sql"].startswith('SELECT "wagtailcore_locale"')]
    assert len(queries) <= statements


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_page_that_is_no_post_is_still_served_under_its_home(client, language):
    page = StandardPage(title="About us", slug="about-us", body="<p>Who we are.</p>")
    home_for(language).add_child(instance=page)
    assert client.get(f"/{language}/about-us/").status_code == 200
    other = "ar" if language == "en" else "en"
    # Found under its own language's home only.
    assert client.get(f"/{other}/about-us/").status_code == 404


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_page_below_a_page_is_served_and_a_made_up_one_below_it_is_not(client, language):
    parent = home_for(language).add_child(instance=StandardPage(title="About us", slug="about-us"))
    parent.add_child(instance=StandardPage(title="Our team", slug="team", body="<p>Who works here.</p>"))
    response = client.get(f"/{language}/about-us/team/")
    assert response.status_code == 200 and "Who works here." in response.content.decode()
    assert client.get(f"/{language}/about-us/nobody/").status_code == 404
