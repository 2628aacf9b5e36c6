"""When the cached pages stop being true: any change to what readers can see starts a new generation."""

import uuid

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import ContentGeneration

# Apps whose rows make up reader pages: posts, pages, terms, view restrictions, sites, locales,
# and the editors' search equivalents (search pages are cached too).
WATCHED_APPS = {"newsroom", "wagtailcore", "taggit", "bayan_search"}
# Rows of those apps that change without changing any reader page.
IGNORED_MODELS = {"revision", "pagelogentry", "modellogentry", "grouppagepermission", "pagesubscription",
                  "workflowstate", "taskstate", "comment", "commentreply", "referenceindex", "uploadedfile",
                  # Search documents follow posts, whose own changes start the generation.
                  "searchdocument", "searchindexstate"}


def start_new_generation():
    """Make every cached page stale, now and (for posts dated in the future) when they come due."""
    from bayan.newsroom.models import PostPage

    now = timezone.now()
    due = PostPage.objects.live().filter(date__gt=now).order_by("date").values_list("date", flat=True).first()
    updated = ContentGeneration.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=now, due_at=due)
    if not updated:
        ContentGeneration.objects.create(pk=1, changed_at=now, due_at=due)


def current_generation():
    """The generation pages are cached under, moving on first if a future-dated post has come due."""
    generation = ContentGeneration.objects.filter(pk=1).first()
    if generation is None or (generation.due_at and generation.due_at <= timezone.now()):
        start_new_generation()
        generation = ContentGeneration.objects.get(pk=1)
    return generation


def schedule_new_generation():
    """Start a new generation once the current transaction commits (at once outside one).

    Only once per transaction, however many rows it writes; a rolled-back
    transaction drops the pending call with everything else.
    """
    if connection.in_atomic_block and any(
        callback is start_new_generation for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(start_new_generation)


def _on_change(sender, raw=False, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS or meta.model_name in IGNORED_MODELS:
        return
    # Migrations and fixture loading write through historical or raw models: no reader is served yet.
    if raw or sender.__module__ == "__fake__":
        return
    schedule_new_generation()


def _on_bulk_change(sender, **kwargs):
    schedule_new_generation()


def connect():
    """Listen to saves and deletes of reader-visible rows and to the newsroom's bulk signal."""
    from bayan.newsroom.signals import posts_changed

    post_save.connect(_on_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-delete")
    posts_changed.connect(_on_bulk_change, dispatch_uid="pagecache-bulk")
