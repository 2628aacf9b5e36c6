"""The partner script of docs/api.md keeps a copy equal to the API's own pages through edits and removals."""

import json
import runpy
from pathlib import Path

import pytest

from bayan.cases.models import Visibility
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import committed

from .conftest import build_newsroom

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "partner_sync.py"


@pytest.fixture
def sync():
    return runpy.run_path(str(SCRIPT))["sync"]


def held(folder):
    return {(path.parent.name, int(path.stem)): json.loads(path.read_text(encoding="utf-8"))
            for path in Path(folder).glob("*/*.json")}


def direct(client):
    plurals = runpy.run_path(str(SCRIPT))["PLURALS"]
    found = {}
    for kind, ids in client.get("/api/v1/snapshot/").json()["ids"].items():
        for pk in ids:
            found[(kind, pk)] = client.get(f"/api/v1/{plurals[kind]}/{pk}/").json()
    return found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_partner_script_keeps_an_equal_copy(live_server, tmp_path, sync, api, settings):
    settings.BASE_URL = live_server.url
    made = committed(build_newsroom)
    sync(live_server.url, tmp_path)
    assert held(tmp_path) == direct(api)
    edited = made["posts"][1]
    edited.title = "A title the partner should see"
    committed(edited.save_revision().publish)
    committed(made["posts"][2].unpublish)
    person = made["person"]
    person.visibility = Visibility.INTERNAL
    committed(person.save)
    committed(make_post, title="A post after the first copy")
    written, removed = sync(live_server.url, tmp_path)
    assert removed >= 2 and written >= 2
    copy = held(tmp_path)
    assert copy == direct(api)
    assert copy[("post", edited.pk)]["title"] == "A title the partner should see"
    assert ("person", person.pk) not in copy and ("post", made["posts"][2].pk) not in copy


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_copy_older_than_the_change_log_kept_is_made_again_from_the_snapshot(live_server, tmp_path, sync, api,
                                                                              settings):
    from datetime import timedelta

    from django.utils import timezone

    from bayan.pagecache import changelog
    from bayan.pagecache.models import ContentChange

    settings.BASE_URL = live_server.url
    made = committed(build_newsroom)
    sync(live_server.url, tmp_path)
    committed(made["posts"][2].unpublish)
    committed(make_post, title="A post the pruned log no longer names")
    ContentChange.objects.update(at=timezone.now() - timedelta(days=365))
    committed(make_post, title="The newest post")
    assert changelog.prune(timezone.now() - timedelta(days=90))
    sync(live_server.url, tmp_path)
    copy = held(tmp_path)
    assert copy == direct(api)
    assert ("post", made["posts"][2].pk) not in copy
