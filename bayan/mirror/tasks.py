"""Keeping the mirror in step: a sync queued a few seconds after a change, run by `bayan serve`'s worker.

When ``BAYAN_MIRROR_DIR`` names a mirror, every new content generation (any change readers
could see, once its transaction commits) queues one sync in the database (django-tasks' database
backend), ``BAYAN_MIRROR_DEBOUNCE_SECONDS`` later, unless one is already waiting: the changes of
one editing session go together, and a sync reads the change log when it starts, so it covers
every change queued before it. ``bayan serve`` runs the worker that takes queued syncs; with
several workers, a lock on the mirror's folder lets one sync run at a time. ``bayan
mirror_watch``, run every minute by ``bayan serve``, queues a sync when a post dated in the
future came into view (no write announces it) or the signature is a day old.
"""

import fcntl
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .folder import STATE, MirrorError, MirrorFolder

QUEUE, BACKEND = "mirror", "background"
RESIGN_AFTER = timedelta(days=1)
LOCK = ".bayan-sync.lock"
logger = logging.getLogger(__name__)


def mirror_folder():
    """The kept mirror's folder, or None when no mirror is kept."""
    return Path(settings.BAYAN_MIRROR_DIR) if settings.BAYAN_MIRROR_DIR else None


@task(queue_name=QUEUE, backend=BACKEND)
def sync_mirror():
    """Bring the kept mirror up to date and sign it again; one at a time per folder."""
    from .bucket import copy_to_bucket
    from .export import Options, export
    from .keys import load_secret_key
    from .publishing import rsync_to

    root = mirror_folder()
    if root is None:
        return "no mirror is kept (BAYAN_MIRROR_DIR is empty)"
    root.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f"{root.name}{LOCK}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recorded = MirrorFolder(root).state() if (root / STATE).exists() else {}
        base_url = settings.BAYAN_MIRROR_BASE_URL or recorded.get("site", "")
        if not base_url:
            raise MirrorError("BAYAN_MIRROR_BASE_URL is empty and the mirror records no address: "
                              "set it to the address the copy is served at.")
        outcome = export(root, Options(base_url, load_secret_key(settings.BAYAN_MIRROR_KEY),
                                       expiry_days=settings.BAYAN_MIRROR_EXPIRY_DAYS))
        for target in settings.BAYAN_MIRROR_RSYNC:
            rsync_to(root, target)
        copies = []
        for target in settings.BAYAN_MIRROR_S3:
            done = copy_to_bucket(root, target)
            copies.append(f"; copied to {target}: {done.uploaded} uploaded, {done.deleted} deleted")
    summary = (f"mirror {root}: manifest {outcome.sequence}, {outcome.written} files written, "
               f"{outcome.removed} removed{f' ({outcome.full_reason})' if outcome.full_reason else ''}"
               + "".join(copies))
    logger.info(summary)
    return summary


def sync_waiting():
    """Whether a sync is queued and not started yet."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=sync_mirror.module_path, status="READY").exists()


def queue_sync(delay=None):
    """A sync queued ``delay`` from now (the debounce by default), unless one is waiting already."""
    if mirror_folder() is None or sync_waiting():
        return False
    delay = timedelta(seconds=settings.BAYAN_MIRROR_DEBOUNCE_SECONDS) if delay is None else delay
    sync_mirror.using(run_after=timezone.now() + delay).enqueue()
    return True


def _generation_started(sender, **kwargs):
    queue_sync()


def sync_is_due(now=None):
    """Why the kept mirror needs a sync with no change logged: a dated post came into view, or a stale signature."""
    from .changes import visible_posts

    root = mirror_folder()
    if root is None or not (root / STATE).exists():
        return ""
    try:
        state = MirrorFolder(root).state()
    except MirrorError as error:
        return str(error)
    now = now or datetime.now(UTC)
    made = datetime.fromisoformat(state.get("made_at", "1970-01-01T00:00:00+00:00"))
    if now - made >= RESIGN_AFTER:
        return "the signature is a day old"
    if set(visible_posts(now)) - set(state.get("posts", {})):
        return "a post dated in the future came into view"
    return ""
