"""The index holds exactly what readers can see, after every kind of change."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bayan.newsroom.tests.factories import make_post
from bayan.search.models import SearchDocument
from bayan.search.searching import search

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.post_id for hit in search(query).hits]


def test_publishing_indexes_and_unpublishing_removes():
    post = make_post("en", "Lawyer summoned")
    assert found("lawyer") == [post.pk]
    post.unpublish()
    assert found("lawyer") == []


def test_a_saved_draft_does_not_reach_search_until_published():
    post = make_post("en", "Lawyer summoned")
    post.title = "Lawyer summoned again, unpublished wording"
    post.save_revision()
    assert found("wording") == []
    post.get_latest_revision().publish()
    assert found("wording") == [post.pk]


def test_drafts_are_never_indexed():
    make_post("en", "Secret draft", live=False)
    assert found("secret") == []


def test_deleting_a_post_removes_it():
    post = make_post("en", "Lawyer summoned")
    post.delete()
    assert found("lawyer") == []
    assert not SearchDocument.objects.exists()


def test_a_view_restriction_hides_a_post_from_search():
    post = make_post("en", "Lawyer summoned")
    restriction = PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")
    assert found("lawyer") == []
    restriction.delete()
    assert found("lawyer") == [post.pk]


def test_a_post_dated_in_the_future_appears_on_its_date():
    post = make_post("en", "Embargoed statement", date=timezone.now() + timedelta(days=1))
    assert found("embargoed") == []
    assert [hit.post_id for hit in search("embargoed", now=timezone.now() + timedelta(days=2)).hits] == [post.pk]


def test_rebuild_command_restores_a_lost_index(capsys):
    post = make_post("en", "Lawyer summoned")
    SearchDocument.objects.all().delete()
    assert found("lawyer") == []
    call_command("search_rebuild")
    assert "Indexed 1 posts" in capsys.readouterr().out
    assert found("lawyer") == [post.pk]


def test_rebuilding_and_reindexing_log_no_change_of_their_own_and_start_a_generation():
    """Documents follow posts whose changes the log holds already: rewriting them adds no entry, and a rebuild at a
    million posts must not load each document, nor log a million changes no post made."""
    from bayan.pagecache.invalidation import current_generation
    from bayan.pagecache.models import ContentChange
    from bayan.search.indexing import index_posts, rebuild
    from bayan.tests.committing import committed

    first, second = committed(make_post, "en", "Lawyer summoned"), committed(make_post, "en", "Lawyer released")
    newest, generation = ContentChange.objects.order_by("-id").first().id, current_generation().token
    assert committed(rebuild) == 2
    committed(index_posts, [first.pk])
    assert not ContentChange.objects.filter(id__gt=newest).exclude(model="*").exists()
    assert current_generation().token != generation
    assert sorted(found("lawyer")) == sorted([first.pk, second.pk])


def test_indexing_waits_for_the_commit_and_runs_once(monkeypatch, django_capture_on_commit_callbacks):
    from django.db import transaction

    from bayan.search import indexing

    monkeypatch.setattr(indexing._pending, "defer", transaction.on_commit)
    with django_capture_on_commit_callbacks() as callbacks:
        first = make_post("en", "Lawyer summoned")
        second = make_post("en", "Lawyer released")
    flushes = [callback for callback in callbacks if callback == indexing._pending._flush]
    assert len(flushes) == 1
    assert found("lawyer") == []
    flushes[0]()
    assert sorted(found("lawyer")) == sorted([first.pk, second.pk])


def test_imported_posts_are_searchable(tmp_path):
    from bayan.wxr.importer import import_files
    from bayan.wxr.tests.helpers import item, wxr

    path = wxr(tmp_path, item(10, "Free the detained journalists", slug="free-them", body="Held in Adra."))
    import_files([path])
    assert [hit.title for hit in search("adra").hits] == ["Free the detained journalists"]
