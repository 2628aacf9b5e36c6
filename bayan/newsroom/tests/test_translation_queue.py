"""The translation queue: posts without a counterpart, per direction, and the linked draft it starts."""

import lxml.html
import pytest
from django.contrib.auth.models import Permission

from bayan.newsroom.models import PostPage
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def listed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [cell.text_content() for cell in lxml.html.fromstring(response.content).xpath("//table//td[1]/a")]


def translate(client, post, target="ar"):
    return client.post(f"/admin/translations/post/{post.pk}/into/{target}/")


def arabic(term):
    return type(term).objects.get(translation_key=term.translation_key, locale__language_code="ar")


def test_the_queue_lists_posts_without_a_counterpart_newest_first(editor_client):
    older = make_post(title="Older statement", days_ago=9)
    newer = make_post(title="Newer statement", days_ago=1)
    translated = make_post(title="Already translated", days_ago=2)
    make_post("ar", "بيان مترجم", translation_of=translated)
    draft = make_post(title="A draft still", days_ago=5, live=False)
    make_post("ar", "بيان بلا ترجمة")
    assert listed_titles(editor_client, "/admin/translations/en-to-ar/") == [
        newer.title, draft.title, older.title]
    assert listed_titles(editor_client, "/admin/translations/ar-to-en/") == ["بيان بلا ترجمة"]


def test_translating_creates_one_linked_draft_in_the_other_language(editor_client):
    detention = tag_named("detention")
    arabic_detention = tag_named("الاحتجاز", language="ar", translation_of=detention)
    post = make_post(title="Free the reporters", body="<p>They were taken at dawn.</p>",
                     category=category("en", "statement"), tags=[detention, "no counterpart"])
    response = translate(editor_client, post)
    draft = PostPage.objects.get(translation_key=post.translation_key, locale__language_code="ar")
    assert response.status_code == 302 and response.url == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live
    assert draft.get_parent().specific.locale.language_code == "ar"
    assert draft.category == arabic(category("en", "statement"))
    assert list(draft.tags.all()) == [arabic_detention]
    assert listed_titles(editor_client, "/admin/translations/en-to-ar/") == []


def test_a_second_click_opens_the_existing_draft(editor_client):
    post = make_post(title="Free the reporters")
    first = translate(editor_client, post)
    second = translate(editor_client, post)
    assert first.url == second.url
    assert PostPage.objects.filter(translation_key=post.translation_key).count() == 2


def test_the_editor_shows_the_original_beside_the_translation(editor_client):
    post = make_post(title="Free the reporters", excerpt="Two reporters held.", body="<p>They were taken at dawn.</p>")
    page = editor_client.get(translate(editor_client, post).url)
    original = lxml.html.fromstring(page.content).xpath("//div[@class='translation-original']")
    assert len(original) == 1
    assert "They were taken at dawn." in original[0].text_content()
    assert "Two reporters held." in original[0].text_content()


def test_a_post_without_a_translation_shows_no_original(editor_client):
    post = make_post(title="Free the reporters")
    page = editor_client.get(f"/admin/pages/{post.pk}/edit/")
    assert b"translation-original" not in page.content


@pytest.fixture
def reader_of_the_admin(client, django_user_model):
    """Someone who may open the admin but add no page in any language."""
    user = django_user_model.objects.create_user("omar", "omar@example.invalid", "correct horse battery")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def test_someone_who_may_not_add_posts_is_refused_with_403(reader_of_the_admin):
    post = make_post(title="Free the reporters")
    assert reader_of_the_admin.get("/admin/translations/en-to-ar/").status_code == 403
    assert reader_of_the_admin.get("/admin/translations/").status_code == 403
    assert translate(reader_of_the_admin, post).status_code == 403
    assert not PostPage.objects.filter(locale__language_code="ar").exists()
    assert b"Translation queue" not in reader_of_the_admin.get("/admin/").content


def test_an_unknown_language_or_post_is_not_found(editor_client):
    post = make_post(title="Free the reporters")
    # The admin's 404 answers from the default language's prefix, after a redirect.
    assert editor_client.get("/admin/translations/en-to-xx/", follow=True).status_code == 404
    assert editor_client.get("/admin/translations/xx-to-ar/", follow=True).status_code == 404
    assert editor_client.post(f"/admin/translations/post/{post.pk}/into/en/", follow=True).status_code == 404
    assert editor_client.post("/admin/translations/post/999999/into/ar/", follow=True).status_code == 404
