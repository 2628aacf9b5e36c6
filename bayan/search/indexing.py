"""Keeping the search index equal to what readers can see.

Every save of a post, publish, unpublish, view restriction change and the
newsroom's bulk ``posts_changed`` signal queue the post's id; the queue is
indexed once, when the transaction commits (at once outside a transaction).
Each queued post is re-read from the database, so a draft saved in the admin
never leaks its unpublished text into search. A long import hands each committed
batch to a background process instead (``in_background``).
"""

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from bayan.database import CommitQueue, delete_rows
from bayan.newsroom.models import PostPage
from bayan.newsroom.signals import content_rewritten
from bayan.newsroom.text import html_to_text

from . import matchsets, postings, worker
from .analysis import ANALYSIS_VERSION, AnalysedText
from .backends import backend_for
from .models import SearchDocument

BATCH_SIZE = 500


def term_fields(title_text, body_text):
    """The four analysed term columns of a document with this title and body, and the analysis that made them."""
    title, body = AnalysedText(title_text), AnalysedText(body_text)
    return {
        "title_terms": title.stems,
        "body_terms": body.stems,
        "form_terms": " ".join(filter(None, (title.forms, body.forms))),
        "close_terms": " ".join(filter(None, (title.close, body.close))),
        "analysis": ANALYSIS_VERSION,
    }


def document_for(post):
    """The SearchDocument of a post (unsaved). Tags count as body text, the title on its own."""
    tag_names = " ".join(item.tag.name for item in post.tagged_items.all())
    return SearchDocument(
        page_id=post.pk,
        language=post.locale.language_code,
        date=post.date,
        year=post.date.year,
        category_id=post.category_id,
        **term_fields(post.title, f"{post.excerpt}\n{html_to_text(post.body)}\n{tag_names}"),
    )


def index_posts(post_ids):
    """Bring the documents of these posts up to date: (re)written if listed, removed if not."""
    post_ids = sorted(set(post_ids))
    for start in range(0, len(post_ids), BATCH_SIZE):
        batch = post_ids[start:start + BATCH_SIZE]
        write_documents(batch, documents_of(batch))


def documents_of(post_ids):
    """The unsaved SearchDocuments of those of these posts that readers can see."""
    posts = (
        PostPage.objects.published().filter(pk__in=post_ids)
        .select_related("locale").prefetch_related("tagged_items__tag")
        .only("id", "title", "body", "excerpt", "date", "category_id", "locale__language_code")
    )
    return [document_for(post) for post in posts]


def write_documents(post_ids, documents):
    """Replace the documents of ``post_ids`` with ``documents`` (posts left out lose theirs)."""
    with transaction.atomic():
        # Deleting first keeps SQLite's full-text table in step through its triggers.
        delete_rows(SearchDocument, "page_id", post_ids)
        SearchDocument.objects.bulk_create(documents)
        matchsets.prune_changes(connection)
    # Written in bulk, after the posts' own change started a generation: search pages made
    # in between showed the old documents.
    content_rewritten.send(sender=SearchDocument)


def rebuild(progress=None):
    """Index every post from scratch; returns the number of documents written."""
    with transaction.atomic():
        delete_rows(SearchDocument)
    content_rewritten.send(sender=SearchDocument)
    ids = list(PostPage.objects.published().values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), BATCH_SIZE * 4):
        index_posts(ids[start:start + BATCH_SIZE * 4])
        if progress:
            progress(min(start + BATCH_SIZE * 4, len(ids)), len(ids))
    _optimise()
    # The rows of the old index went with it: its emptying is logged as a change of every document, which
    # no row is patched past.
    keep_common_terms()
    return len(ids)


def keep_common_terms(only_beyond_correction=False):
    """The kept sets of the terms common in the index now written afresh (``postings``); how many. With
    ``only_beyond_correction``, only when the rows kept cannot be corrected any more (``postings.beyond_correction``):
    a small import's changes are folded into them by the minute's job instead, without reading every document."""
    if only_beyond_correction and not postings.beyond_correction(connection):
        return 0
    return postings.build(connection, backend_for(connection))


def _optimise():
    if connection.vendor == "sqlite":
        from .models import FTS5_TABLE, TITLE_FTS5_TABLE

        with connection.cursor() as cursor:
            for table in (FTS5_TABLE, TITLE_FTS5_TABLE):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def _index_committed(post_ids):
    background = getattr(connection, "bayan_search_background", None)
    if background is not None:
        background.submit(sorted(post_ids))
    else:
        index_posts(post_ids)


_pending = CommitQueue("search", _index_committed)


def queue(post_ids):
    """Index these posts when the current transaction commits (once, however often they are queued)."""
    _pending.add(post_ids)


class BackgroundIndexer:
    """Other processes read and analyse committed posts while this one goes on writing (a long import uses both cores).

    The workers only read; this process writes what they return, between its own
    batches, so the two never wait for each other's write lock.
    """

    def __init__(self, workers):
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=worker.start,
            initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "bayan.settings"), connection.settings_dict["NAME"]),
        )
        self.jobs = deque()

    def submit(self, post_ids):
        for start in range(0, len(post_ids), BATCH_SIZE):
            batch = post_ids[start:start + BATCH_SIZE]
            self.jobs.append((batch, self.pool.submit(worker.documents, batch)))
        self.write_ready()

    def write_ready(self, wait=False):
        """Write the documents of finished jobs, in the order they were submitted (a later one wins)."""
        while self.jobs and (wait or self.jobs[0][1].done()):
            batch, job = self.jobs.popleft()
            write_documents(batch, [SearchDocument(**fields) for fields in job.result()])

    def finish(self, raise_errors=True):
        """Write everything still being worked on; re-raise the first failure unless told not to."""
        try:
            self.write_ready(wait=True)
        except Exception:
            if raise_errors:
                raise
        finally:
            self.pool.shutdown(cancel_futures=True)


@contextmanager
def in_background(workers=None):
    """Index what commits inside the block in other processes; on leaving it, wait until all is indexed.

    Used by the importer, which commits batch after batch. Indexing stays in this
    process when no other process could read the rows: on an in-memory SQLite
    database, inside a transaction that has not committed, or with no workers
    configured (``BAYAN_INDEX_WORKERS=0``).
    """
    workers = settings.BAYAN_INDEX_WORKERS if workers is None else workers
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if workers < 1 or in_memory or connection.in_atomic_block:
        yield
        return
    indexer = BackgroundIndexer(workers)
    connection.bayan_search_background = indexer
    failed = True
    try:
        yield
        failed = False
    finally:
        connection.bayan_search_background = None
        # After a failure, what was committed before it is still indexed, but the first error is the one to see.
        indexer.finish(raise_errors=not failed)


def _on_post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


def _on_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = instance.page
    queue(PostPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def _on_posts_changed(sender, post_ids=(), **kwargs):
    queue(post_ids)


def _on_page_event(sender, instance, **kwargs):
    queue([instance.pk])


def connect():
    """Listen to every way a post can change what readers see."""
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    from bayan.newsroom.signals import posts_changed

    post_save.connect(_on_post_saved, sender=PostPage, dispatch_uid="search-post-saved")
    page_published.connect(_on_page_event, sender=PostPage, dispatch_uid="search-published")
    page_unpublished.connect(_on_page_event, sender=PostPage, dispatch_uid="search-unpublished")
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-gone")
    posts_changed.connect(_on_posts_changed, dispatch_uid="search-bulk")
