"""Old WordPress addresses answer with a permanent redirect to where the content lives now."""

import pytest

from bayan.wxr.importer import import_files

from .helpers import item, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    path = wxr(
        tmp_path,
        item(10, "Free the journalists", slug="free-the-journalists", body="Body",
             terms='<category domain="post_tag" nicename="detention"><![CDATA[detention]]></category>'),
        item(20, "About us", slug="about", post_type="page", body="Who we are"),
    )
    import_files([path])


def test_the_numeric_post_address_leads_to_the_post(client, imported):
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"] == "/en/free-the-journalists/"


def test_the_page_id_address_leads_to_the_page(client, imported):
    assert client.get("/?page_id=20")["Location"] == "/en/about/"


def test_the_date_based_permalink_leads_to_the_post(client, imported):
    response = client.get("/2017/09/free-the-journalists/")
    assert response.status_code == 301
    assert response["Location"] == "/en/free-the-journalists/"


def test_the_old_tag_archive_and_its_feed_lead_to_the_new_ones(client, imported):
    assert client.get("/tag/detention/")["Location"] == "/en/tag/detention/"
    assert client.get("/tag/detention/feed/")["Location"] == "/en/tag/detention/feed/"


def test_an_unknown_old_id_is_simply_the_home_redirect(client, imported):
    response = client.get("/?p=99999")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/")


def test_where_the_address_is_unchanged_no_redirect_is_made(imported):
    from wagtail.contrib.redirects.models import Redirect

    assert not Redirect.objects.filter(old_path="/en/free-the-journalists").exists()
    assert Redirect.objects.filter(old_path="/?p=10").exists()


def test_the_author_the_channel_declares_keeps_its_archive_address(client, imported):
    # Declared before the first item, so before the channel's address is read in the same pass.
    response = client.get("/author/editor/")
    assert response.status_code == 301
    assert response["Location"] == "/en/author/editor/"
