"""Old rejected and unconfirmed signatures lose their contact details; moderators hear of waiting ones hourly."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bayan.statements.models import Submission, SubmissionState
from bayan.statements.tidying import erase_stale_contacts, notify_editors

from .factories import make_statement, make_submission

pytestmark = pytest.mark.django_db


def test_contacts_of_old_rejected_and_unconfirmed_submissions_are_erased(settings):
    settings.BAYAN_REJECTED_SUBMISSION_DAYS = 30
    statement = make_statement()
    long_ago = timezone.now() - timedelta(days=31)
    rejected = make_submission(statement, "Rejected", state=SubmissionState.REJECTED, comment="note")
    Submission.objects.filter(pk=rejected.pk).update(decided_at=long_ago)
    unconfirmed = make_submission(statement, "Never confirmed", state=SubmissionState.UNCONFIRMED)
    Submission.objects.filter(pk=unconfirmed.pk).update(created_at=long_ago)
    recent = make_submission(statement, "Recent", state=SubmissionState.REJECTED, decided_at=timezone.now())
    pending = make_submission(statement, "Waiting")
    Submission.objects.filter(pk=pending.pk).update(created_at=long_ago)
    assert erase_stale_contacts() == 2
    for submission, erased in [(rejected, True), (unconfirmed, True), (recent, False), (pending, False)]:
        submission.refresh_from_db()
        assert (submission.contact_email == "" and submission.erased_at is not None) is erased
        assert submission.organisation_name  # the name and the reference stay
    assert erase_stale_contacts() == 0


def test_moderators_get_one_notice_per_interval_and_only_when_signatures_wait(settings):
    settings.BAYAN_SIGNON_NOTICE_MINUTES = 60
    get_user_model().objects.create_superuser("chief", "chief@example.org", "x")
    get_user_model().objects.create_user("reader", "reader@example.org", "x")
    assert notify_editors() == 0  # nothing waits
    make_submission(make_statement())
    assert notify_editors() == 1
    assert mail.outbox[0].to == ["chief@example.org"] and "1 signature waits" in mail.outbox[0].subject
    assert notify_editors() == 0
    assert notify_editors(now=timezone.now() + timedelta(minutes=61)) == 1
    assert len(mail.outbox) == 2


def test_the_job_runs_both(capsys):
    call_command("statements_tidy")
    assert "0 submission(s) erased" in capsys.readouterr().out
