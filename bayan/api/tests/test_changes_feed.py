"""A partner's copy kept by the changes feed alone equals what the API shows, whatever happened in between."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bayan.cases.models import Visibility
from bayan.newsroom.models import PostPage
from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Signatory
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


class PartnerCopy:
    """What the partner script in docs/api.md keeps: every public resource by type and id."""

    def __init__(self, api):
        self.api, self.token, self.held = api, None, {}

    def follow(self):
        while True:
            address = "/api/v1/changes/" + (f"?since={self.token}" if self.token else "")
            answer = self.api.get(address).json()
            for change in answer["changes"]:
                key = (change["type"], change["id"])
                if change["change"] == "upserted":
                    self.held[key] = change["version"]
                else:
                    # Nothing is said of why: an embargo, privacy and a deletion look the same.
                    assert set(change) <= {"sequence", "type", "id", "change", "version"}
                    assert change.get("version") is None
                    self.held.pop(key, None)
            self.token = answer["token"]
            if not answer["more"]:
                return set(self.held)


def public_now(api):
    ids = api.get("/api/v1/snapshot/").json()["ids"]
    return {(kind, pk) for kind, found in ids.items() for pk in found}


def test_the_feed_replayed_from_the_beginning_equals_a_direct_read(api, newsroom):
    copy = PartnerCopy(api)
    assert copy.follow() == public_now(api)
    assert ("post", newsroom["posts"][0].pk) in copy.held and ("statement", newsroom["statement"].pk) in copy.held


def test_the_copy_follows_edits_unpublishing_deletion_privacy_and_withdrawn_signatures(api, newsroom):
    copy = PartnerCopy(api)
    copy.follow()
    posts = newsroom["posts"]

    def edit():
        posts[2].title = "An edited title"
        posts[2].save_revision().publish()

    committed(edit)
    version_before = copy.held[("post", posts[2].pk)]
    copy.follow()
    assert copy.held[("post", posts[2].pk)] > version_before
    committed(posts[0].unpublish)
    committed(lambda: PostPage.objects.get(pk=newsroom["arabic"].pk).delete())
    person = newsroom["person"]
    person.visibility = Visibility.INTERNAL
    committed(person.save)
    committed(lambda: Signatory.objects.filter(statement=newsroom["statement"]).delete())
    held = copy.follow()
    assert held == public_now(api)
    for gone in [("post", posts[0].pk), ("post", newsroom["arabic"].pk), ("person", person.pk)]:
        assert gone not in held, gone
    # The organisation stays public; the statement it no longer signs no longer lists it.
    assert ("organisation", newsroom["organisation"].pk) in held
    assert api.get(f"/api/v1/organisations/{newsroom['organisation'].pk}/").json()["statements"] == []


def test_an_embargo_and_a_restriction_hide_and_its_end_shows(api, newsroom):
    copy = PartnerCopy(api)
    copy.follow()
    embargoed = committed(make_post, title="Under embargo", date=timezone.now() + timedelta(hours=2))
    restricted = committed(make_post, title="Members only")
    committed(PageViewRestriction.objects.create, page=restricted, restriction_type=PageViewRestriction.LOGIN)
    held = copy.follow()
    assert ("post", embargoed.pk) not in held and ("post", restricted.pk) not in held
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        held = copy.follow()
        assert ("post", embargoed.pk) in held
        assert held == public_now(api)


def test_a_token_that_was_not_given_out_is_refused(api, newsroom):
    token = api.get("/api/v1/changes/?limit=1").json()["token"]
    assert api.get(f"/api/v1/changes/?since={token}x").status_code == 400
    assert api.get("/api/v1/changes/?since=MTQ").json()["parameter"] == "since"


def test_a_resource_never_public_leaves_no_trace_and_one_hidden_later_is_deleted(api, newsroom):
    from bayan.cases.tests.factories import make_person

    copy = PartnerCopy(api)
    copy.follow()
    hidden = committed(make_person, visibility=Visibility.INTERNAL)
    draft = committed(make_post, title="Under embargo", date=timezone.now() + timedelta(days=2))
    answer = api.get(f"/api/v1/changes/?since={copy.token}").json()
    named = {(change["type"], change["id"]) for change in answer["changes"]}
    assert ("person", hidden.pk) not in named and ("post", draft.pk) not in named
    # Made public, then internal again: its readers are told it is gone.
    hidden.visibility = Visibility.PUBLIC
    committed(hidden.save)
    assert ("person", hidden.pk) in copy.follow()
    hidden.visibility = Visibility.INTERNAL
    committed(hidden.save)
    assert ("person", hidden.pk) not in copy.follow()
    deleted = [change for change in api.get("/api/v1/changes/").json()["changes"] if change["change"] == "deleted"]
    assert ("person", hidden.pk) in {(change["type"], change["id"]) for change in deleted}


def test_a_token_older_than_the_log_kept_is_gone_and_a_snapshot_starts_again(api, newsroom):
    from bayan.pagecache import changelog
    from bayan.pagecache.models import ContentChange

    old_token = api.get("/api/v1/changes/").json()["token"]
    committed(make_post, title="A later statement")
    ContentChange.objects.update(at=timezone.now() - timedelta(days=365))
    committed(make_post, title="The newest statement")
    assert changelog.prune(timezone.now() - timedelta(days=90))
    for address in (f"/api/v1/changes/?since={old_token}", "/api/v1/changes/"):
        answer = api.get(address)
        assert answer.status_code == 410
        assert answer.json()["parameter"] == "since" and "snapshot/" in answer.json()["error"]
    # A snapshot's token is followed again, and the copy it starts equals what the API shows.
    copy = PartnerCopy(api)
    snapshot = api.get("/api/v1/snapshot/").json()
    copy.held = {(kind, pk): 0 for kind, found in snapshot["ids"].items() for pk in found}
    copy.token = snapshot["token"]
    assert copy.follow() == public_now(api)


def test_a_pruning_while_the_feed_reads_is_answered_gone_not_with_a_gap(api, newsroom, monkeypatch):
    from bayan.api import changes
    from bayan.pagecache import changelog
    from bayan.pagecache.models import ContentChange

    old_token = api.get("/api/v1/changes/").json()["token"]
    committed(make_post, title="A later statement")
    committed(make_post, title="The newest statement")
    read = changes.read

    def read_while_pruning(*args, **kwargs):
        ContentChange.objects.update(at=timezone.now() - timedelta(days=365))
        changelog.prune(timezone.now() - timedelta(days=90))
        return read(*args, **kwargs)

    monkeypatch.setattr(changes, "read", read_while_pruning)
    assert api.get(f"/api/v1/changes/?since={old_token}").status_code == 410
