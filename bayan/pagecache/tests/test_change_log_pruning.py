"""The change log keeps BAYAN_CHANGE_LOG_DAYS of entries, never its newest one nor what a follower has not read."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from bayan.api.announced import announce_new_entries
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache import changelog
from bayan.pagecache.invalidation import current_generation
from bayan.pagecache.models import ContentChange
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


def entries():
    return list(ContentChange.objects.order_by("id").values_list("id", flat=True))


def age_entries(ids, days):
    ContentChange.objects.filter(id__in=ids).update(at=timezone.now() - timedelta(days=days))


def test_entries_older_than_the_days_kept_go_and_the_start_is_recorded():
    committed(make_post, title="Old statement")
    old = entries()
    committed(make_post, title="New statement")
    new = entries()[len(old):]
    age_entries(old, 100)
    announce_new_entries()
    assert changelog.prune(timezone.now() - timedelta(days=90)) == len(old)
    assert entries() == new
    assert changelog.pruned_up_to() == old[-1]
    assert changelog.is_pruned(0) and changelog.is_pruned(old[-1] - 1)
    assert not changelog.is_pruned(old[-1]) and not changelog.is_pruned(new[-1])


def test_the_newest_entry_stays_however_old():
    committed(make_post, title="Only statement")
    kept = entries()
    age_entries(kept, 400)
    announce_new_entries()
    changelog.prune(timezone.now() - timedelta(days=90))
    assert entries() == kept[-1:]
    # Positions only grow: the next entries follow the newest, never take a removed number.
    committed(make_post, title="Next statement")
    assert entries()[0] == kept[-1] and min(entries()[1:]) > kept[-1]


def test_entries_the_api_has_not_read_for_announcements_stay():
    committed(make_post, title="Old statement")
    announce_new_entries()
    read = entries()
    committed(make_post, title="Unread statement")
    # As if the announcements had not followed this change yet.
    from bayan.api.models import AnnouncedUpTo
    AnnouncedUpTo.objects.filter(pk=1).update(entry_id=read[-1])
    age_entries(entries(), 100)
    changelog.prune(timezone.now() - timedelta(days=90))
    assert entries()[0] == read[-1] + 1


def test_pruning_starts_no_new_generation():
    committed(make_post, title="Old statement")
    age_entries(entries(), 100)
    committed(make_post, title="New statement")
    committed(announce_new_entries)
    before = current_generation().token
    assert changelog.prune(timezone.now() - timedelta(days=90))
    assert not connection.run_on_commit
    committed(lambda: None)
    assert current_generation().token == before


def test_the_command_keeps_the_days_it_is_given_and_refuses_fewer_than_the_setting_allows(capsys):
    committed(make_post, title="Old statement")
    old = entries()
    committed(make_post, title="New statement")
    age_entries(old, 10)
    announce_new_entries()
    call_command("changes_prune", "--days", "5")
    assert "entries older than 5 days removed" in capsys.readouterr().out
    assert not set(old) & set(entries())
    for too_few in ("0", "1"):
        with pytest.raises(CommandError, match="at least 2, not " + too_few):
            call_command("changes_prune", "--days", too_few)
    assert set(entries()), "a refused run removes nothing"
