"""Editors write, preview, schedule and publish posts in Wagtail's admin at /admin/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from bayan.newsroom.models import PostPage
from bayan.newsroom.services import home_for, tag_named
from bayan.newsroom.tests.factories import category
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


def post_form(**overrides):
    data = {
        "title": "Free the detained journalists",
        "slug": "free-the-detained-journalists",
        "date": (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "category": category("en", "statement").pk,
        "tags": "detention, حرية التعبير",
        "body": '{"blocks":[{"key":"a","text":"We call for their release.","type":"unstyled","depth":0,'
                '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}',
        "excerpt": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return data


def test_an_editor_publishes_a_post_with_tags_from_the_admin(editor_client, client):
    home = home_for("en")
    response = editor_client.post(f"/admin/pages/add/newsroom/postpage/{home.pk}/", post_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    post = PostPage.objects.get(slug="free-the-detained-journalists")
    assert post.live
    assert sorted(tag.name for tag in post.tags.all()) == ["detention", "حرية التعبير"]
    assert post.listing_excerpt == "We call for their release."
    assert "Free the detained journalists" in client.get("/en/tag/detention/").content.decode()


def test_a_scheduled_post_stays_hidden_until_its_time(editor_client, client):
    home = home_for("en")
    go_live = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = editor_client.post(f"/admin/pages/add/newsroom/postpage/{home.pk}/", post_form(go_live_at=go_live))
    assert response.status_code == 302
    post = PostPage.objects.get(slug="free-the-detained-journalists")
    assert not post.live
    assert "Free the detained" not in client.get("/en/").content.decode()


def test_the_preview_renders_the_post(editor_client):
    home = home_for("en")
    url = f"/admin/pages/add/newsroom/postpage/{home.pk}/preview/"
    assert editor_client.post(url, post_form()).json()["is_valid"]
    preview = editor_client.get(url)
    assert preview.status_code == 200
    assert "We call for their release." in preview.content.decode()
    # The tags typed in the form, which exist nowhere in the database yet.
    assert 'rel="tag">detention</a>' in preview.content.decode()


def test_tag_autocomplete_offers_existing_tags(editor_client):
    tag_named("detention")
    response = editor_client.get("/admin/tag-autocomplete/newsroom/tag/?term=det")
    assert response.status_code == 200
    assert "detention" in response.content.decode()


def test_the_admin_lists_both_home_pages_and_the_bin(editor_client):
    assert sorted(page.specific_class.__name__ for page in Page.objects.filter(depth=2)) == [
        "BinPage", "HomePage", "HomePage"]
    assert editor_client.get("/admin/pages/").status_code == 200


def test_the_admin_page_search_finds_posts_by_the_start_of_a_title_word(
    editor_client, ):
    from bayan.newsroom.tests.factories import make_post

    # Wagtail indexes a saved page once its transaction commits.
    with as_committed():
        make_post("en", "Statement on the verdict", body="<p>The court in Adra sentenced him.</p>")
        make_post("en", "Unrelated news", body="<p>Nothing here.</p>")
    page = editor_client.get("/admin/pages/search/", {"q": "verd"}).content.decode()
    assert "Statement on the verdict" in page
    assert "Unrelated news" not in page
