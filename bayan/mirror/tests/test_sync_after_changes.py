"""A kept mirror follows the site: one sync queued after changes, run by the worker; due posts and daily re-signing."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bayan.mirror.export import Options, export
from bayan.mirror.tasks import sync_is_due, sync_mirror
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(tmp_path, key_pair, settings):
    """A mirror the site keeps (BAYAN_MIRROR_DIR), made once, with no wait before syncs."""
    folder = tmp_path / "kept"
    settings.BAYAN_MIRROR_DIR = str(folder)
    settings.BAYAN_MIRROR_BASE_URL = "https://copy.example.org"
    settings.BAYAN_MIRROR_KEY = key_pair[2] / "bayan-mirror.key"
    settings.BAYAN_MIRROR_DEBOUNCE_SECONDS = 0
    make_post(slug="before-the-mirror")
    export(folder, Options("https://copy.example.org", key_pair[1]))
    DBTaskResult.objects.all().delete()
    return folder


def sequence(folder):
    return json.loads((folder / "bayan-mirror.json").read_text())["sequence"]


def test_changes_queue_one_sync_which_brings_the_mirror_up_to_date(kept):
    with as_committed():
        make_post(slug="published-after")
    with as_committed():
        make_post(slug="published-right-after")
    queued = DBTaskResult.objects.get(status="READY")  # the second change rides on the first
    assert queued.task_path == sync_mirror.module_path and queued.queue_name == "mirror"
    assert "manifest 2" in sync_mirror.call()
    assert sequence(kept) == 2
    assert (kept / "en/published-right-after/index.html").is_file()


@pytest.mark.skipif("os.environ.get('DATABASE_URL')",
                    reason="the worker closes its database connection between tasks, which ends a test's transaction")
def test_the_worker_runs_the_queued_sync(kept):
    with as_committed():
        make_post(slug="published-after")
    call_command("db_worker", "--batch", "--backend", "background", "--queue-name", "mirror", "--no-startup-delay",
                 stdout=StringIO(), stderr=StringIO())
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sequence(kept) == 2


def test_no_sync_is_queued_when_no_mirror_is_kept(settings):
    settings.BAYAN_MIRROR_DIR = ""
    with as_committed():
        make_post()
    assert not DBTaskResult.objects.exists()


def test_a_post_coming_into_view_and_a_day_old_signature_make_a_sync_due(kept):
    assert sync_is_due() == ""
    with as_committed():
        make_post(slug="dated-ahead", date=timezone.now() + timedelta(seconds=2))
    assert sync_is_due() == ""
    later = datetime.now(UTC) + timedelta(seconds=3)
    assert sync_is_due(now=later) == "a post dated in the future came into view"
    assert sync_is_due(now=datetime.now(UTC) + timedelta(days=1, minutes=1)) == "the signature is a day old"
    DBTaskResult.objects.all().delete()  # the sync the post's own change queued, done
    out = StringIO()
    with time_machine.travel(later):
        call_command("mirror_watch", stdout=out)
    assert "Mirror sync queued" in out.getvalue() and DBTaskResult.objects.filter(status="READY").count() == 1
