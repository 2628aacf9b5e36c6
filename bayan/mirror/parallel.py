"""A full export's pages rendered in several processes: the machine's cores, not one.

Rendering is most of an export's time and every page is rendered on its own, so the
export forks worker processes that render, rewrite and write pages while the first process
hands them addresses, copies assets, follows the links the workers report and keeps each
file's digest for the manifest (``drain``). Workers only read the database: they open
connections of their own (the first process closes its connections before forking). They
write page files as the first process does (a temporary name, then renamed), so a worker
killed with its parent leaves at most a temporary file, which the next run removes; the
manifest, written by the first process after every page, still describes the last whole run.
Once every page is known, the same workers write the pages that lead on from old addresses
(``written_leading_on``; a page of the site at an old address wins over them).

Forking is used only where it is safe: on POSIX, outside a database transaction, and on a
database other processes can open (not SQLite in memory, as tests use).
"""

import ctypes
import ctypes.util
import gc
import logging
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from multiprocessing import get_context
from typing import NamedTuple

from django.db import connection, connections

from .folder import digest
from .moved import page_leading_on
from .rendering import LinkRewriter, Renderer, file_for, is_copied_file

# prctl's option that sends a signal to a process when its parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1
# Addresses a worker renders per request: enough that handing them out costs little.
BATCH = 16
# A queue shorter than this is rendered in the first process (a sync's few pages).
PARALLEL_FROM = 200
# Pages leading on from old addresses a worker writes per request: they are small and many.
LEADING_ON_BATCH = 512


class PageResult(NamedTuple):
    """One rendered address: its status, its file's bytes (links rewritten) and the mirrored addresses it links.

    From a worker, the file is written already: ``body`` is empty and ``digest`` (its SHA-256) and
    ``written`` (whether its bytes changed) say what the first process needs.
    """

    address: str
    status: int
    body: bytes
    found: tuple
    digest: str = ""
    written: bool = False


def rendered_page(renderer, address, live_url, optional=False):
    """``address`` rendered as a reader gets it, its links rewritten for the copy."""
    with quiet("django.request") if optional else nullcontext():
        rendered = renderer.render(address)
    if rendered.status != 200:
        return PageResult(address, rendered.status, b"", ())
    if not rendered.is_html:
        return PageResult(address, 200, rendered.body, ())
    rewriter = LinkRewriter(live_url, mirrored=renderer.is_mirrored)
    html = rewriter.page(rendered.body.decode("utf-8"), file_for(address))
    return PageResult(address, 200, html.encode("utf-8"), tuple(sorted(rewriter.found)))


@contextmanager
def quiet(logger_name):
    """A logger silenced meanwhile (addresses asked on purpose that may not exist)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def can_fork():
    """Whether worker processes may be forked here (see the module's docstring)."""
    if os.name != "posix" or connection.in_atomic_block:
        return False
    return all(not (db.vendor == "sqlite" and db.is_in_memory_db()) for db in connections.all())


_worker = {}


def _start_worker(host, secure, known_pages, old_addresses, live_url, optional, folder):
    _end_with_parent(os.getppid())
    _worker.update(renderer=Renderer(host, secure, known_pages, old_addresses), live_url=live_url,
                   optional=optional, folder=folder)


def _end_with_parent(parent):
    """Make this worker end when the export's process does, even killed with SIGKILL.

    Its siblings hold the task queue's pipe open, so a killed parent's workers would wait on
    it for ever. Linux ends them itself (PR_SET_PDEATHSIG); elsewhere a thread watches for
    the parent to go.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and os.getppid() == parent:
            return
    except (OSError, AttributeError):
        pass

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_helper():
    _end_with_parent(os.getppid())


@contextmanager
def meanwhile(function, *arguments):
    """``function(*arguments)`` run in a forked process while the block runs: yields its future.

    Yields None where forking is not safe (``can_fork``); the caller then does the work itself.
    Like the workers, the process only reads the database, and ends with its parent.
    """
    if not can_fork():
        yield None
        return
    connections.close_all()
    with frozen_heap(), ProcessPoolExecutor(1, mp_context=get_context("fork"), initializer=_start_helper) as pool:
        yield pool.submit(function, *arguments)


@contextmanager
def frozen_heap():
    """The objects this process holds left out of its collector's scans meanwhile, and so out of its forks'.

    A forked process starts with its parent's whole heap (the site's code, the export's list of
    addresses): its collector would scan all of it again and again, and in doing so write to every
    object's header, making the process copy pages it would otherwise share with its parent.
    A heap frozen before (by a web server's process as it starts, or by an enclosing block) stays
    frozen: the collector cannot thaw only part of it.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def _render_batch(addresses):
    """The pages of ``addresses`` rendered and written (pages' bytes stay here: only digests go back)."""
    results = []
    for address in addresses:
        result = rendered_page(_worker["renderer"], address, _worker["live_url"], address in _worker["optional"])
        if result.status == 200:
            written = _worker["folder"].write(file_for(address), result.body)
            result = result._replace(body=b"", digest=digest(result.body), written=written)
        results.append(result)
    return results


@contextmanager
def workers(work, renderer, processes):
    """A pool of ``processes`` forked workers for ``work`` (the export, ``export._Export``), or None where forking
    is not safe (``can_fork``) or one process is asked for. They render pages (``drain``) and write the pages that
    lead on from old addresses (``written_leading_on``); they are forked when first given work."""
    if processes < 2 or not can_fork():
        yield None
        return
    connections.close_all()
    context = get_context("fork")
    # Forked: the arguments are the parent's memory, not pickled, however many pages are known.
    arguments = (renderer.host, renderer.secure, renderer.known_pages, renderer.old_addresses, work.options.live_url,
                 frozenset(work.optional), work.folder)
    with frozen_heap(), ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                            initargs=arguments) as pool:
        yield pool


def drain(work, renderer, pool, processes):
    """Every address of ``work``'s queue (and those found on the way) rendered by the ``processes`` workers of
    ``pool`` (``workers``).

    ``work`` is the export (``export._Export``): it copies assets, renders the copy's own pages,
    and takes each worker's results (``take``), adding the links they found to its queue.
    """
    # The first process read the database since the pool was made: its connections are not the workers' to share.
    connections.close_all()
    pending = set()
    while work.queue or pending:
        while work.queue and len(pending) < processes * 2:
            batch = []
            while work.queue and len(batch) < BATCH:
                address = work.queue.popleft()
                if is_copied_file(address):
                    work.copy(address)
                elif renderer.offline_route(address):
                    work.page(renderer, address)
                else:
                    batch.append(address)
            if batch:
                pending.add(pool.submit(_render_batch, batch))
        if pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                for result in future.result():
                    work.take(result)


def written_leading_on(pool, pages, live_url, copy_url, folder):
    """``[(file, sha256, whether its bytes changed)]`` of the pages that lead on from old addresses (``Moved``s),
    made and written into ``folder`` by ``pool``'s processes.

    A site keeps an old address for most of its posts, each a folder of its own: creating those ten
    thousand folders and files is mostly the kernel's work, and done by one process it kept a core idle.
    """
    connections.close_all()  # the workers may be forked now (a queue too short to share out forks none)
    batches = [pages[start:start + LEADING_ON_BATCH] for start in range(0, len(pages), LEADING_ON_BATCH)]
    futures = [pool.submit(_write_leading_on, batch, live_url, copy_url, folder) for batch in batches]
    return [written for future in futures for written in future.result()]


def _write_leading_on(pages, live_url, copy_url, folder):
    written = []
    for moved in pages:
        data = page_leading_on(moved, live_url, copy_url)
        written.append((moved.file, digest(data), folder.write(moved.file, data)))
    return written
