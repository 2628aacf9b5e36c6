"""Wagtail's admin indexes (page search, references) hold each post as it is, however many saves made it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from bayan.newsroom import admin_indexes
from bayan.newsroom.models import PostPage
from bayan.newsroom.services import author_named

from .factories import category, make_post

pytestmark = pytest.mark.django_db


def admin_search(words):
    """What the admin's page search (Wagtail's own index) finds for ``words``."""
    return set(PostPage.objects.search(words))


def stored_references(page):
    """The reference index's rows for ``page``: (model, object id, field path)."""
    return set(ReferenceIndex.get_references_for_object(page).values_list(
        "to_content_type__model", "to_object_id", "model_path"))


def fresh_references(page):
    """The references Wagtail finds in ``page`` as it is now, in the same terms."""
    return {(ContentType.objects.get_for_id(content_type_id).model, str(object_id), model_path)
            for content_type_id, object_id, model_path, _content_path
            in ReferenceIndex._extract_references_from_object(page)}


def test_a_post_added_in_one_step_is_found_by_the_admins_search():
    post = make_post(title="Quarterly monitoring of detention sites")
    assert post in admin_search("monitoring detention")


def test_a_post_added_in_one_step_has_its_references_in_the_index():
    post = make_post(category=category("en", "press-release"), authors=[author_named("Legal unit")])
    assert stored_references(post) == fresh_references(post)
    assert any(model == "category" for model, _object_id, _path in stored_references(post))


def test_a_draft_is_indexed_too():
    post = make_post(title="Draft about the tribunal hearings", live=False)
    assert post in admin_search("tribunal hearings")
    assert stored_references(post) == fresh_references(post)


def test_a_save_outside_the_block_is_indexed_at_once():
    post = make_post(title="Old headline about the sit-in")
    post.title = "New headline about the hunger strike"
    post.save()
    assert post in admin_search("hunger strike")
    assert post not in admin_search("sit-in")


def test_the_block_indexes_what_a_page_holds_when_it_ends():
    post = make_post(title="First wording of the appeal")
    with admin_indexes.written_once():
        post.title = "Second wording of the appeal"
        post.save()
        assert post not in admin_search("Second wording")
        post.title = "Final wording of the appeal"
        post.save()
    assert post in admin_search("Final wording")
    assert post not in admin_search("Second wording")


def test_a_page_deleted_inside_the_block_leaves_no_trace():
    post = make_post(title="A notice withdrawn the same day")
    with admin_indexes.written_once():
        post.title = "A notice withdrawn within the hour"
        post.save()
        post.delete()
    assert not admin_search("notice withdrawn")
    assert not ReferenceIndex.objects.filter(object_id=str(post.pk), content_type__model="postpage").exists()


def test_a_block_that_fails_indexes_nothing_and_saves_are_indexed_again_after_it():
    post = make_post(title="Headline before the failure")
    with pytest.raises(RuntimeError), admin_indexes.written_once():
        post.title = "Headline written in the failed step"
        post.save()
        raise RuntimeError("the step failed")
    assert post not in admin_search("failed step")
    post.title = "Headline after the failure"
    post.save()
    assert post in admin_search("after the failure")
