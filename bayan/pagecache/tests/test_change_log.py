"""The one change log: each change readers could see is an entry, naming its post when it has one."""

import pytest
from django.db import transaction

from bayan.newsroom.signals import content_rewritten, posts_changed
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.models import ContentChange

pytestmark = pytest.mark.django_db


def entries_after(newest):
    return list(ContentChange.objects.filter(pk__gt=newest).values_list("model", "post_id", "deleted"))


def newest():
    return ContentChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_publishing_a_post_logs_entries_that_name_it():
    before = newest()
    post = make_post(tags=["detention"])
    logged = entries_after(before)
    assert ("newsroom.postpage", post.pk, False) in logged
    assert all(post_id == post.pk for model, post_id, _deleted in logged if model.startswith("newsroom.post"))


def test_a_posts_search_document_is_logged_as_the_posts():
    from bayan.search.models import SearchDocument

    post = make_post()
    before = newest()
    SearchDocument.objects.create(page=post, language="en", date=post.date, year=post.date.year)
    assert entries_after(before) == [("bayan_search.searchdocument", post.pk, False)]


def test_a_change_that_belongs_to_no_post_is_logged_without_one():
    from bayan.navigation.models import Menu

    before = newest()
    Menu.objects.create(language="en", place=Menu.FOOTER)
    assert [(model, post_id) for model, post_id, _deleted in entries_after(before)] == [("navigation.menu", None)]


def test_a_removed_row_is_logged_as_removed_and_a_rolled_back_change_not_at_all():
    post = make_post()
    before = newest()
    post.delete()
    assert ("newsroom.postpage", post.pk, True) in entries_after(before)
    before = newest()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_post()
        raise RuntimeError("the editor's request failed")
    assert entries_after(before) == []


def test_bulk_writes_log_their_posts_or_that_anything_may_have_changed():
    before = newest()
    posts_changed.send(sender=object, post_ids=[7, 8])
    content_rewritten.send(sender=object)
    assert entries_after(before) == [
        ("newsroom.postpage", 7, False), ("newsroom.postpage", 8, False), ("*", None, False)]


def test_rewrites_that_only_follow_logged_post_changes_add_nothing():
    from bayan.archives.models import ListingEntry
    from bayan.search.models import SearchDocument

    before = newest()
    content_rewritten.send(sender=ListingEntry)
    content_rewritten.send(sender=SearchDocument)
    assert entries_after(before) == []
