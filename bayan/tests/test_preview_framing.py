"""The admin's side panel frames a page's preview; reader pages still refuse every frame."""

import pytest

from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import category, make_post
from bayan.newsroom.tests.test_editing_in_the_admin import post_form

pytestmark = pytest.mark.django_db


def framing(response):
    policy = response["Content-Security-Policy"]
    return [part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors")], \
        response["X-Frame-Options"]


def test_a_new_posts_preview_may_be_framed_by_this_site_only(editor_client):
    url = f"/admin/pages/add/newsroom/postpage/{home_for('en').pk}/preview/"
    assert editor_client.post(url, post_form()).status_code == 200
    preview = editor_client.get(url)
    assert preview.status_code == 200
    assert "We call for their release." in preview.content.decode()
    assert framing(preview) == (["frame-ancestors 'self'"], "SAMEORIGIN")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_existing_posts_preview_may_be_framed_by_this_site_only(editor_client, language):
    post = make_post(language, "Lawyer summoned")
    url = f"/admin/pages/{post.pk}/edit/preview/"
    # A post is filed under its own language's categories only.
    statement = category(language, {"en": "statement", "ar": "بيان"}[language])
    form = post_form(title="Lawyer summoned again", slug=post.slug, category=statement.pk)
    assert editor_client.post(url, form).status_code == 200
    preview = editor_client.get(url)
    assert preview.status_code == 200
    assert "Lawyer summoned again" in preview.content.decode()
    assert framing(preview) == (["frame-ancestors 'self'"], "SAMEORIGIN")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_published_post_still_refuses_every_frame(editor_client, client, language):
    post = make_post(language, "Lawyer summoned")
    editor_client.get(f"/admin/pages/{post.pk}/edit/preview/")
    response = client.get(post.reader_path())
    assert response.status_code == 200
    assert framing(response) == (["frame-ancestors 'none'"], "DENY")
