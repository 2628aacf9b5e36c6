"""Importing WordPress exports into the newsroom, keeping every old address alive: the run.

``import_files`` reads one or more WXR files (a split export is several files of
one site) twice: a first pass (``scan``) counts items and languages and refuses a
file that cannot be imported, before anything is written; the second writes posts
and pages in batches, each committed on its own, and ends with the steps that need
every batch (unused terms, translations, archive redirects, upload links). It
returns a ``Report``. Every item is keyed by the source site and its WordPress id,
so importing again changes nothing and a newer export updates only what changed.

The parts: ``scan`` (first pass), ``languages`` (what each language becomes),
``terms``, ``media``, ``pages`` and ``tree`` (where pages go), ``redirects``,
``translations`` and ``resume`` (how far a run got, so that a re-run completes it).
"""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signal_handlers
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from bayan.archives.entries import numbering_deferred, renumber_unnumbered
from bayan.database import refresh_statistics, stream_without_memory_map
from bayan.newsroom import admin_indexes
from bayan.newsroom.models import HomePage, PostPage, StandardPage
from bayan.newsroom.signals import posts_changed
from bayan.search import indexing as search_indexing

from .languages import LanguagePlan
from .media import Media
from .menus import Menus
from .pages import PageWriter, WrittenPage, write_relations
from .reader import WXRError, read_records
from .redirects import Redirects
from .report import ImportIncomplete, Report
from .resume import RunState
from .scan import scan
from .terms import Terms
from .translations import Translations
from .tree import Tree
from .values import IMPORTED_TYPES, SKIPPED_STATUSES, SeenIds

logger = logging.getLogger(__name__)

__all__ = ["BATCH", "Importer", "ImportIncomplete", "Report", "SeenIds", "import_files", "scan"]

# Posts and pages written per committed batch (``--batch-size``).
BATCH = 500


class Importer:
    """One import run over the files of one WordPress site: reads items, writes them in batches."""

    def __init__(self, report, plan, progress=None, uploads=None, batch_size=None, state=None):
        self.report = report
        self.plan = plan
        self.progress = progress or (lambda *args: None)
        self.batch_size = batch_size or BATCH
        self.state = state or RunState.none()
        self.source = ""
        self.homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
        self.terms = Terms(report)
        self.media = Media(report, Path(uploads) if uploads else None, dry_run=report.dry_run)
        self.tree = Tree(lambda: self.source)
        self.redirects = Redirects(report, since=self.state.redirects_before)
        self.translations = Translations(report)
        self.menus = Menus(report)
        self.writer = PageWriter(self)
        self.pending = []
        self.items_seen = 0
        self.ids_seen = SeenIds()
        self.batches_committed = 0
        self.written_committed = 0
        self.step = "reading the files"

    def begin_file(self, found):
        """The site a file comes from, known from its first pass before its authors are read."""
        self.source = found.source or "unknown-site"
        self.terms.source = self.media.source = self.source

    # --- what the reader yields -----------------------------------------------------------

    def term(self, kind, record):
        """A term the channel declares: a category or tag kept for later, or a Polylang translation group."""
        if kind in ("category", "tag"):
            self.terms.declared(kind, record)
        elif record.get("term_taxonomy") == "post_translations":
            self.translations.polylang_term(record)
        else:
            self.menus.declared(record)

    def item(self, item, where):
        """Skip an item with its reason, record an attachment, or queue a post or page for the batch."""
        self.items_seen += 1
        fields = item.fields
        wp_id = fields.get("post_id", "")
        post_type = fields.get("post_type", "post")
        status = fields.get("status", "publish")
        if not wp_id:
            self.report.skip(where, post_type, "", "the item has no wp:post_id in WordPress's export namespace")
            return
        if post_type == "nav_menu_item":
            self.menus.item(item, where)
            return
        if post_type not in IMPORTED_TYPES:
            self.report.skip(where, post_type, wp_id, f"post type “{post_type}” is not imported")
            return
        if status in SKIPPED_STATUSES and post_type != "attachment":
            self.report.skip(where, post_type, wp_id, f"status “{status}”: {SKIPPED_STATUSES[status]}")
            return
        repeat = self.ids_seen.count((post_type, wp_id))
        if repeat > 1:
            # Hand-edited exports can repeat an id; both items are kept, the later under a derived key.
            self.report.problems.append(f"{where}: {post_type} id {wp_id} appears {repeat} times; each is kept")
            wp_id = fields["post_id"] = f"{wp_id}~{repeat}"
        if post_type == "attachment":
            self.media.attachment(item, wp_id)
            return
        language, mark = self.plan.language_of(item)
        if language is None:
            self.report.skip(where, post_type, wp_id, self.plan.skip_reason(mark))
            self.terms.hold_back(item)
            return
        if language not in self.homes:
            self.report.skip(where, post_type, wp_id, f"this site has no home page in “{language}” to put it under")
            return
        self.translations.note(item)
        self.pending.append((item, where, language))
        if len(self.pending) >= self.batch_size:
            self.flush()

    # --- batches --------------------------------------------------------------------------

    def flush(self):
        """Write the pending posts and pages in one transaction, their links and records in bulk."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        self.step = f"writing batch {self.batches_committed + 1}"
        self.writer.begin_batch([(item, where) for item, where, _language in batch])
        self.tree.begin_batch([(item, where) for item, where, _language in batch])
        written, again = [], []
        with transaction.atomic():
            for item, where, language in batch:
                try:
                    # A savepoint per item: one that fails leaves nothing behind and the batch goes on.
                    with transaction.atomic():
                        outcome = self.writer.write(item, language)
                except (ValueError, TypeError, KeyError, IntegrityError, DataError) as error:
                    self.report.skip(where, item.fields.get("post_type", "post"), item.fields.get("post_id", ""),
                                     f"could not be imported: {error}")
                    self.terms.forget()
                    self.tree.forget()
                    continue
                if isinstance(outcome, WrittenPage):
                    written.append(outcome)
                elif self.state.wrote_before(outcome):
                    again.append(outcome.target_id)
            write_relations(written)
            self.redirects.write()
            self.tree.count_children()
            changed = [outcome.page.pk for outcome in written]
            if changed:
                search_backend = get_search_backend()
                for model in (PostPage, StandardPage):
                    search_backend.add_bulk(model, list(model.objects.filter(pk__in=changed)))
            if changed or again:
                # ``again``: unchanged posts a killed run wrote, whose search documents and
                # archive entries may not have been written before it died.
                posts_changed.send(sender=Importer, post_ids=changed + again)
        self.batches_committed += 1
        self.written_committed = self.report.written()
        self.terms.committed()
        self.progress(self.items_seen)

    def finish(self):
        """The steps that need every batch written, in one transaction: all of them happen, or none."""
        self.step = "making the declared categories and tags no post uses"
        self.terms.make_unused(self.plan.default)
        self.step = "linking translations"
        self.translations.link(self.source)
        self.step = "redirecting the old archive addresses"
        self.redirects.for_archives(self.source, self.plan.default)
        self.redirects.write()
        self.step = "making the menus"
        self.menus.write(self.source, self.plan.default)
        self.step = "pointing bodies at the copied uploads"
        self.media.rewrite_upload_links()


@contextmanager
def bulk_indexing():
    """Index imported pages for the admin's search once per batch instead of once per row.

    Wagtail queues a search-index task and a reference-index task for every saved
    page; at import scale that is most of the work. The reference index (the
    admin's "usage" counts) is refreshed afterwards with `bayan rebuild_references_index`.
    """
    # Posts and other pages wait inside ``written_once``; plain pages have modelsearch's own handler.
    post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=Page)
    try:
        with admin_indexes.written_once(search=False, references=False):
            yield
    finally:
        post_save.connect(search_signal_handlers.post_save_signal_handler, sender=Page)


def import_files(paths, *, default_language=None, dry_run=False, progress=None, uploads=None, language_map=None,
                 batch_size=None):
    """Import WordPress exports; returns the Report.

    Raises WXRError for a file that cannot be read at all (nothing is written), and
    ImportIncomplete when an unexpected error stops the import (its report says what
    was kept; importing the same files again completes the import).

    ``progress(done, total)`` is called after each batch with the items read so far and in all.
    ``uploads`` is a local copy of the old site's ``wp-content/uploads``: attachments found
    there are copied into the media library and bodies are pointed at the copies.
    ``language_map`` ({"fa": "ar"}) imports items in a language the site does not publish
    as one it does; without it they are skipped. ``batch_size`` defaults to ``BATCH``.
    """
    report = Report(dry_run=dry_run)
    scans, total = [], 0
    for path in paths:
        found = scan(path)
        if found.problem and not found.problem.truncated:
            raise WXRError(found.problem.message)
        scans.append(found)
        total += found.items
    plan = LanguagePlan.from_scans(scans, default_language, language_map)
    plan.describe(report)
    sources = sorted({found.source or "unknown-site" for found in scans})
    stream_without_memory_map()
    counted = progress and (lambda done: progress(done, total))
    if dry_run:
        if RunState.unfinished_earlier(sources):
            report.problems.append("an earlier import of this site was stopped before it finished; "
                                   "importing (without --dry-run) completes it")
        importer = Importer(report, plan, counted, uploads, batch_size, RunState.none())
        try:
            with transaction.atomic(), bulk_indexing():
                _import_all(importer, paths, scans)
                transaction.set_rollback(True)
        except Exception as error:
            raise ImportIncomplete.after(importer, error) from error
        return report
    state = RunState.begin(sources, lambda: Redirect.objects.order_by("-id").values_list("id", flat=True).first() or 0)
    report.resumed = state.continuing
    importer = Importer(report, plan, counted, uploads, batch_size, state)
    # Each batch commits on its own, so that another process can index it for search while
    # this one writes the next; an interrupted import keeps its batches, and importing
    # again completes it. Archive positions are numbered once at the end, not batch after batch.
    inside = []
    try:
        with search_indexing.in_background(), bulk_indexing(), numbering_deferred():
            try:
                _import_all(importer, paths, scans)
            except BaseException as error:
                inside.append(error)
                raise
            importer.step = "numbering the archives and writing the last search documents"
    except BaseException as error:
        if inside and inside[0] is error:
            # The same error came out: leaving the block indexed and numbered what was committed,
            # so a re-run need not repair it. Another error (a second Ctrl-C, SIGTERM meanwhile)
            # cut that short; then, as when even the mark cannot be written, it stays "running"
            # and the re-run repairs: the safe side.
            try:
                state.stopped()
            except Exception:
                pass
        if isinstance(error, Exception):
            raise ImportIncomplete.after(importer, error) from error
        raise
    finally:
        # Also after a stop: the batches kept are read through the planner's statistics like any others.
        _refresh_statistics_quietly()
    _keep_common_terms_quietly()
    state.finished()
    return report


def _refresh_statistics_quietly():
    """The planner's statistics refreshed; a database that cannot do it now is logged, not raised. The import's
    rows are committed by then, and its own outcome (done, or why it stopped) is what the editor must read."""
    try:
        refresh_statistics()
    except DatabaseError as error:
        logger.warning("the database's planner statistics were not refreshed after the import: %s", error)


def _keep_common_terms_quietly():
    """The search's kept sets of common terms written afresh when the import left the old ones too far behind to
    correct (or there were none); a database that cannot now is logged: searches read the index meanwhile."""
    try:
        search_indexing.keep_common_terms(only_beyond_correction=True)
    except DatabaseError as error:
        logger.warning("the search's sets of common terms were not kept after the import: %s (run `bayan "
                       "search-postings --build`)", error)


def _import_all(importer, paths, scans):
    for path, found in zip(paths, scans, strict=True):
        importer.begin_file(found)
        _import_file(importer, Path(path))
    importer.flush()
    importer.progress(importer.items_seen)
    if importer.state.repairing:
        importer.step = "numbering the archive entries the stopped run left unnumbered"
        renumber_unnumbered()
    with transaction.atomic():
        importer.finish()


def _import_file(importer, path):
    records = read_records(path)
    try:
        for kind, record in records:
            if kind == "author":
                importer.terms.declared_author(record)
            elif kind in ("category", "tag", "term"):
                importer.term(kind, record)
            elif kind == "item":
                importer.item(record, f"{path.name}:{record.line}")
    except WXRError as error:
        importer.flush()
        importer.report.problems.append(f"{error}; the file stops there, everything before it was imported")
