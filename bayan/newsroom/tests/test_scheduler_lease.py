"""Of several servers on one database, one runs the scheduled jobs: the holder of the lease, until it lets go."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from bayan.newsroom.management.commands.serve import Command
from bayan.newsroom.scheduling import LEASE_SECONDS, hold_scheduler_lease, release_scheduler_lease

pytestmark = pytest.mark.django_db


def test_the_first_server_to_ask_holds_the_lease_and_the_others_wait():
    now = timezone.now()
    assert hold_scheduler_lease("first", now)
    assert not hold_scheduler_lease("second", now)
    assert not hold_scheduler_lease("third", now + timedelta(seconds=LEASE_SECONDS - 1))


def test_the_holder_renews_it_every_round_and_keeps_it():
    start = timezone.now()
    for minute in range(10):
        assert hold_scheduler_lease("first", start + timedelta(minutes=minute))
        assert not hold_scheduler_lease("second", start + timedelta(minutes=minute, seconds=30))


def test_a_holder_that_stopped_without_letting_go_is_replaced_once_its_lease_runs_out():
    now = timezone.now()
    assert hold_scheduler_lease("first", now)
    later = now + timedelta(seconds=LEASE_SECONDS + 1)
    assert hold_scheduler_lease("second", later)
    assert not hold_scheduler_lease("first", later)


def test_a_server_that_stops_lets_go_at_once_and_only_of_its_own_lease():
    now = timezone.now()
    assert hold_scheduler_lease("first", now)
    release_scheduler_lease("second")
    assert not hold_scheduler_lease("second", now)
    release_scheduler_lease("first")
    assert hold_scheduler_lease("second", now)


def test_a_database_that_does_not_answer_skips_a_round_of_jobs_without_stopping_the_server(settings, caplog,
                                                                                          monkeypatch):
    settings.BAYAN_SCHEDULED_JOBS = ["publish_scheduled", "statements_tidy"]
    ran = []

    def unanswered(job, **options):
        # What call_command meets while the primary is away (docs/operations.md, Failover).
        ran.append(job)
        raise DatabaseError("connection refused")

    monkeypatch.setattr("bayan.newsroom.management.commands.serve.call_command", unanswered)
    Command.run_jobs()
    assert ran == ["publish_scheduled", "statements_tidy"]
    assert "Scheduled job publish_scheduled skipped: the database did not answer" in caplog.text
