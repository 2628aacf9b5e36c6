"""Writing the whole public site into a mirror folder, signed.

``export(folder, options)`` renders every address readers can reach (``addresses`` gives where
to start; the pages' own links give the rest), rewrites their links for the copy
(``rendering``), copies the static assets and uploads the pages use, writes the "not found"
page of each language, removes the files of pages that are gone, and ends with the state,
the manifest and its signature (``folder``, ``signing``). The same function brings an existing
mirror up to date: only files whose bytes changed are rewritten.
"""

import gc
import json
import os
import posixpath
import re
import time
from collections import deque
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test.utils import override_settings

from . import parallel, search_page, signing
from .addresses import missing_page_address, optional_addresses, seed_addresses
from .folder import (
    MANIFEST,
    SIGNATURE,
    STATE,
    MirrorError,
    MirrorFolder,
    digest,
    manifest_text,
    read_manifest,
    recalled,
    remember,
    state_entries,
)
from .moved import moved_addresses, page_leading_on
from .planning import Plan, Snapshot, plan
from .rendering import LinkRewriter, Renderer, file_for, is_copied_file
from .search_index import INDEX_FOLDER, AsRead, index_files

CSS_URL = re.compile(r"""url\(\s*["']?(?!data:|https?:|/|#)([^"')?#]+)[^)]*\)""")
# 2: dates in the state as the database stores them; sitemap pages fingerprinted.
# 3: archive pages fingerprinted with their posts' stamps as the state has them.
# 4: pages at the old addresses the site redirects (``moved``), listed in the state.
FORMAT_VERSION = 4


@dataclass
class Options:
    """What an export needs: the copy's own address, the live site's, the key, how long a signature holds."""

    base_url: str
    secret_key: object
    live_url: str = ""
    expiry_days: int = 14
    # Processes that render a full export's pages (0: one per core, at most 8).
    processes: int = 0


@dataclass
class Outcome:
    """What an export did, for the operator."""

    sequence: int
    files: int = 0
    written: int = 0
    removed: int = 0
    refused: list = field(default_factory=list)
    seconds: float = 0.0
    full_reason: str = ""


def trusted_comment(site, sequence, expires):
    """The signed line: the site, the manifest's sequence number, when the signature stops holding."""
    return f"bayan-mirror site={site} sequence={sequence} expires={expires:%Y-%m-%dT%H:%M:%SZ}"


class _Export:
    def __init__(self, folder, options, outcome, processes=1):
        self.folder, self.options, self.outcome = folder, options, outcome
        self.digests = {}
        self.queue = deque()
        self.seen = set()
        self.only_new_links = False
        self.answered_no = set()
        self.optional = optional_addresses()
        self.index_gone = set()
        self.processes = processes
        # {file: id of the page it leads to, or None} of the pages at old addresses (``moved``), as planned
        # before rendering (``plan_old_addresses``) and written after it.
        self.moved, self.leading_on, self.moved_before, self.moved_pages = {}, {}, {}, set()
        self.moved_full = True
        self.moved_gone = set()
        # The files of the index a helper process wrote for a full export (``written_index``).
        self.early_index = None

    def add(self, address):
        if address in self.seen or (self.only_new_links and file_for(address) in self.digests):
            return
        self.seen.add(address)
        self.queue.append(address)

    def keep(self, name, data):
        self.outcome.written += self.folder.write(name, data)
        self.digests[name] = digest(data)

    def run_planned(self, renderer, addresses):
        """Render ``addresses``; of the links they hold, only those the mirror lacks are rendered too."""
        self.only_new_links = True
        for address in addresses:
            self.seen.add(address)
            self.queue.append(address)
        self._drain(renderer)
        for language, _name in settings.LANGUAGES:
            self.not_found_page(renderer, language)

    def run(self, renderer, pool=None):
        """Render everything readers can reach (with ``pool``'s processes, when given: ``parallel.workers``)."""
        for address in seed_addresses():
            self.add(address)
        self._drain(renderer, pool)
        for language, _name in settings.LANGUAGES:
            self.not_found_page(renderer, language)

    def _drain(self, renderer, pool=None):
        if pool is not None and len(self.queue) >= parallel.PARALLEL_FROM:
            parallel.drain(self, renderer, pool, self.processes)
            return
        while self.queue:
            address = self.queue.popleft()
            if is_copied_file(address):
                self.copy(address)
            else:
                self.page(renderer, address)

    def page(self, renderer, address):
        if renderer.offline_route(address):
            language = address.strip("/").split("/")[0]
            name = file_for(address)
            html = search_page.render(renderer.request(address), language)
            self.keep(name, self.rewritten(renderer, html.encode("utf-8"), name))
            return
        self.take(parallel.rendered_page(renderer, address, self.options.live_url, address in self.optional))

    def take(self, result):
        """One rendered page kept (and the addresses it links queued), or, refused, left out of the copy."""
        if result.status != 200:
            # A page the copy held that the site no longer answers for is removed from the copy.
            self.answered_no.add(file_for(result.address))
            if result.address not in self.optional:
                self.outcome.refused.append((result.address, result.status))
            return
        if result.digest:  # written by a worker
            self.outcome.written += result.written
            self.digests[file_for(result.address)] = result.digest
        else:
            self.keep(file_for(result.address), result.body)
        for found in result.found:
            self.add(found)

    def rewritten(self, renderer, body, name, absolute=False):
        rewriter = LinkRewriter(self.options.live_url, mirrored=renderer.is_mirrored,
                                copy_base_url=self.options.base_url if absolute else "")
        html = rewriter.page(body.decode("utf-8"), name)
        for found in sorted(rewriter.found):
            self.add(found)
        return html.encode("utf-8")

    def search_index(self, post_ids, changed_ids=None):
        """The search index of the posts ``post_ids`` (patched for ``changed_ids`` when given); files it no
        longer has, named in ``index_gone``."""
        self.keep_search_index(index_files(self.folder.root, post_ids, changed_ids))

    def keep_search_index(self, files):
        """The search index's ``files`` written; those it no longer has, named in ``index_gone``."""
        before = {name for name in self.digests if _in_search_index(name)}
        for name, data in files.items():
            if isinstance(data, AsRead) and name in self.digests:
                continue  # the file as the last run wrote it, and its manifest holds it
            self.keep(name, data)
        self.index_gone = before - set(files)

    def keep_written(self, index):
        """The search index a helper process wrote (``written_index``), kept in the manifest."""
        for name, (file_digest, written) in index.items():
            self.digests[name] = file_digest
            self.outcome.written += written

    def plan_old_addresses(self, snapshot, before, changed_posts=None):
        """Which old addresses the site redirects get a page that leads on (``moved``), decided before any page is
        rendered so that links to them lead there: all of them, or, given the posts a sync changed, those leading
        to these posts anew, the others kept as the last run left them. A page of the site at an old address
        wins, as on the site (redirects answer only where no page does). Returns the old addresses as paths."""
        self.moved_before, self.moved_full = before, changed_posts is None
        post_addresses = {int(post_id): address for post_id, (address, *_rest) in snapshot.posts.items()}
        pages = {file_for(address) for address in post_addresses.values()} | {
            file_for(address) for address in snapshot.archives}
        self.moved_pages = pages
        held = (set(self.digests) - set(before)) | pages
        changed = None if changed_posts is None else {int(post_id) for post_id in changed_posts}
        self.leading_on = moved_addresses(post_addresses, held, changed) if changed != set() else {}
        kept = {} if changed is None else {name: page_id for name, page_id in before.items()
                                           if page_id not in changed and name not in pages}
        self.moved = {**kept, **{name: moved.page_id for name, moved in self.leading_on.items()}}
        addresses = ("/" + (name.removesuffix("index.html") if name.endswith("/index.html") else name)
                     for name in self.moved)
        # Links lead to the page only where the address's file is that page (an old feed address's is index.xml).
        return frozenset(address for address in addresses if file_for(address) in self.moved)

    def write_old_addresses(self, pool=None):
        """The pages ``plan_old_addresses`` decided on, written (by ``pool``'s processes, when given: a full
        export's ten thousand); those no longer wanted named in ``moved_gone``."""
        before = self.moved_before
        # A file this run rendered a page into (an address the plan could not foresee) keeps its page; a sync's
        # files were all known to the plan but those it rendered anew.
        for name in [name for name in self.moved
                     if name in self.digests and (self.moved_full or name not in before)]:
            del self.moved[name]
        pages = [moved for name, moved in self.leading_on.items() if name in self.moved]
        if pool is not None and len(pages) >= parallel.PARALLEL_FROM:
            for name, file_digest, written in parallel.written_leading_on(
                    pool, pages, self.options.live_url, self.options.base_url, self.folder):
                self.digests[name] = file_digest
                self.outcome.written += written
            pages = []
        for moved in pages:
            data = page_leading_on(moved, self.options.live_url, self.options.base_url)
            if self.digests.get(moved.file) != digest(data):
                self.keep(moved.file, data)
        self.moved_gone = set(before) - set(self.moved) - self.moved_pages
        # A page that links an old address had it rendered, and the site answered with its redirect: the copy
        # holds a page there, which is neither refused nor to be removed.
        self.answered_no -= set(self.moved)
        self.outcome.refused = [(address, status) for address, status in self.outcome.refused
                                if status not in (301, 302) or file_for(address) not in self.moved]

    def not_found_page(self, renderer, language):
        # Asked on purpose: Django's log of "Not Found" requests is quiet meanwhile.
        with parallel.quiet("django.request"):
            rendered = renderer.render(missing_page_address(language))
        name = f"{language}/404.html"
        # A host shows this page at any address that has no file: its links are absolute, on the copy's address.
        self.keep(name, self.rewritten(renderer, rendered.body, name, absolute=True))

    def copy(self, address):
        path = unquote(urlsplit(address).path)
        source = _source_file(path)
        if source is None:
            self.outcome.refused.append((address, 404))
            return
        name = path.lstrip("/")
        data = source.read_bytes()
        self.keep(name, data)
        if name.endswith(".css"):
            # Fonts and images a style sheet names, relative to it: copied beside it.
            for relative in CSS_URL.findall(data.decode("utf-8", "replace")):
                self.add(posixpath.normpath(posixpath.join(posixpath.dirname(path), relative.strip())))


def written_index(folder, post_ids):
    """``{name: (sha256, whether its bytes changed)}`` of the index of ``post_ids``, built and written into
    ``folder`` (a whole export's, in a process of its own)."""
    # The index holds every post's terms (twelve million at 10,000 posts) in lists that make no cycles; the
    # collector, set off again and again while they are read, would scan them all each time (an eighth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return {name: (digest(data), folder.write(name, data))
                for name, data in index_files(folder.root, post_ids).items()}
    finally:
        if collecting:
            gc.enable()


def _in_search_index(name):
    _language, _slash, rest = name.partition("/")
    return rest.startswith(INDEX_FOLDER + "/")


def _source_file(path):
    """The file on the disk behind a static or media address, or None."""
    if path.startswith(settings.MEDIA_URL):
        candidate = Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL):]
        return candidate if candidate.is_file() else None
    relative = path[len(settings.STATIC_URL):]
    candidate = Path(settings.STATIC_ROOT) / relative
    if candidate.is_file():
        return candidate
    found = finders.find(relative)
    return Path(found) if found else None


def export(root, options, full=False):
    """The public site written into ``root``: a new or empty folder, or a mirror brought up to date.

    A mirror is brought up to date by rendering only what changed since its last run
    (``planning``), unless ``full`` or the plan says everything must be rendered again.
    """
    # A sync reads many rows to render a few pages; Python's full collection, which it would set off
    # half the time, scans every object the process holds (a quarter of a sync after an edit, in a
    # site's worker). It runs after the sync instead. A full export, whose thousands of requests
    # leave cycles behind, collects as it goes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _export(root, options, full, collecting)
    finally:
        if collecting:
            gc.enable()


def _export(root, options, full, collecting):
    started = time.monotonic()
    folder = MirrorFolder(root)
    state = folder.state() if (Path(root) / STATE).exists() else {}
    folder.check_usable(creating=not state)
    interrupted = folder.was_interrupted()
    if interrupted:
        for leftover in folder.leftovers():
            leftover.unlink(missing_ok=True)  # a write the interrupted run left unfinished
    folder.in_place = not state
    live_url = options.live_url or settings.BASE_URL
    processes = options.processes or min(os.cpu_count() or 1, 8)
    options = Options(options.base_url.rstrip("/"), options.secret_key, live_url, options.expiry_days, processes)
    split = urlsplit(options.base_url)
    if split.scheme not in ("http", "https") or not split.hostname:
        raise MirrorError(f"--base-url {options.base_url!r} is not an http:// or https:// address.")
    outcome = Outcome(int(state.get("sequence", 0)) + 1)
    snapshot = Snapshot.now()
    # Nothing is in the folder but what this run writes: no file of it can be gone.
    fresh = not state and not interrupted
    if full or interrupted:
        # After an interrupted run, files may be of either state: every one is rendered and compared again.
        steps = Plan(full=True, reason="the last run was interrupted" if interrupted else "asked for")
    else:
        steps = plan(state, snapshot, FORMAT_VERSION, options.base_url)
    if steps.full and collecting:
        gc.enable()
    return _run(folder, options, outcome, steps, state, snapshot, started, fresh)


def _run(folder, options, outcome, steps, state, snapshot, started, fresh):
    """The export or sync ``export`` prepared, carried out; ``fresh``: the folder held nothing before it."""
    split = urlsplit(options.base_url)
    folder.mark_running(True)
    work = _Export(folder, options, outcome, options.processes)
    if not steps.full:
        work.digests = previous_digests(folder)
    all_posts = [int(post_id) for post_id in snapshot.posts]
    old_addresses = work.plan_old_addresses(snapshot, state.get("moved") or {}, None if steps.full else steps.posts)
    with override_settings(BASE_URL=options.base_url, ALLOWED_HOSTS=[split.hostname, *settings.ALLOWED_HOSTS]):
        known_pages = frozenset(address for address, *_rest in snapshot.posts.values()) | frozenset(snapshot.archives)
        renderer = Renderer(split.netloc, split.scheme == "https", known_pages, old_addresses)
        if steps.full:
            # The index of every post is built and written in a process of its own while the pages render:
            # the build is a quarter of a full export's time, and the pages' processes leave room for it.
            building_index = (parallel.meanwhile(written_index, folder, all_posts) if options.processes > 1
                              else nullcontext())
            with building_index as building, parallel.workers(work, renderer, options.processes) as pool:
                work.run(renderer, pool)
                early_index = building.result() if building else None
                _index_and_old_addresses(work, snapshot, steps, all_posts, early_index, pool)
        else:
            work.run_planned(renderer, steps.addresses)
            _index_and_old_addresses(work, snapshot, steps, all_posts)
    if steps.full:
        on_disk = set(work.early_index or ()) if fresh else set(folder.files())
        gone = on_disk - set(work.digests) - {STATE}
    else:
        left = steps.removed_files | work.answered_no | work.index_gone | work.moved_gone
        gone = left & set(work.digests) - {STATE}
    for name in sorted(gone):
        folder.remove(name)
        work.digests.pop(name, None)
        outcome.removed += 1
    outcome.full_reason = steps.reason
    _finish(folder, work, state, snapshot, steps.full)
    outcome.files = len(work.digests)
    outcome.seconds = time.monotonic() - started
    return outcome


def _index_and_old_addresses(work, snapshot, steps, all_posts, early_index=None, pool=None):
    """The search index kept (the one ``early_index`` wrote, when it holds the right posts), then the pages at old
    addresses written: last, since a page of the site at an old address wins."""
    # The search finds only posts whose page the copy holds (one the site failed to render is left out of both).
    post_ids = [int(post_id) for post_id, (address, *_rest) in snapshot.posts.items()
                if file_for(address) in work.digests]
    work.early_index = early_index
    if early_index is not None and post_ids == all_posts:
        work.keep_written(early_index)
    else:
        work.search_index(post_ids, None if steps.full else [int(post_id) for post_id in steps.posts])
    work.write_old_addresses(pool)


def previous_digests(folder):
    """``{file: sha256}`` from the mirror's manifest, as the last run wrote it."""
    path = folder.root / MANIFEST
    if not path.is_file():
        return {}
    return dict(recalled(path, lambda: read_manifest(path.read_text(encoding="utf-8"), str(path)), len))


def _finish(folder, work, state, snapshot, full):
    """The state, then the manifest, then its signature: the order that keeps a copy checkable."""
    options, outcome = work.options, work.outcome
    now = datetime.now(UTC).replace(microsecond=0)
    expires = now + timedelta(days=options.expiry_days)
    record = {"format": FORMAT_VERSION, "site": options.base_url, "live": options.live_url,
              "sequence": outcome.sequence, "made_at": now.isoformat(), "expires_at": expires.isoformat(),
              "full_at": now.isoformat() if full else state.get("full_at", now.isoformat()),
              "change_id": snapshot.change_id, "posts": snapshot.posts, "archives": snapshot.archives,
              "moved": work.moved}
    work.keep(STATE, _json_bytes(record))
    remember(folder.root / STATE, record, state_entries(record))
    manifest = manifest_text(work.digests).encode("utf-8")
    folder.write(MANIFEST, manifest)
    remember(folder.root / MANIFEST, dict(work.digests), len(work.digests))
    comment = trusted_comment(options.base_url, outcome.sequence, expires)
    folder.write(SIGNATURE, signing.sign(manifest, options.secret_key, comment).encode("utf-8"))
    folder.mark_running(False)


def _json_bytes(record):
    # Compact: with an indent, json falls back from its C encoder, and the state of a large site
    # (every post, every archive page) took a tenth of a second to write.
    return (json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
