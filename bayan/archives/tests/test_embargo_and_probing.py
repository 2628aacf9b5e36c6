"""A post dated in the future is unknown to readers until its date, and no archive tells what is being written."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bayan.newsroom.services import author_named, category_named, tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def embargoed(**fields):
    return make_post(title="Statement for the press conference", slug="press-conference",
                     body="<p>Embargoed text.</p>", date=timezone.now() + timedelta(days=1), **fields)


def test_an_embargoed_post_is_not_found_by_its_address(client):
    post = embargoed()
    response = client.get(post.reader_path())
    assert response.status_code == 404
    assert "Embargoed text." not in response.content.decode()
    assert "press-conference" not in response.content.decode()


def test_an_embargoed_post_is_served_once_its_date_comes(client):
    post = embargoed()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "Embargoed text." in client.get(post.reader_path()).content.decode()


def test_editors_still_preview_an_embargoed_post(rf, admin_user):
    post = embargoed()
    response = post.make_preview_request()
    assert response.status_code == 200
    assert "Embargoed text." in response.content.decode()


@pytest.mark.parametrize("hidden", ["draft", "embargoed"])
@pytest.mark.parametrize("archive", ["tag", "author", "category"])
def test_an_archive_holding_only_unpublished_posts_is_not_found(client, hidden, archive):
    subject = {
        "tag": lambda: {"tags": [tag_named("Secret case", "secret-case")]},
        "author": lambda: {"authors": [author_named("Hidden Writer", "secret-case")]},
        "category": lambda: {"category": category_named("en", "Secret case", "secret-case")},
    }[archive]()
    if hidden == "draft":
        make_post(live=False, **subject)
    else:
        embargoed(**subject)
    for address in (f"/en/{archive}/secret-case/", f"/en/{archive}/secret-case/feed/",
                    f"/en/{archive}/secret-case/feed/atom/", f"/en/{archive}/secret-case/page/2/"):
        assert client.get(address).status_code == 404, address
    assert client.get(f"/en/{archive}/unknown-case/").status_code == 404


def test_a_language_home_with_nothing_published_is_still_a_page(client):
    make_post(live=False)
    assert client.get("/ar/").status_code == 200
