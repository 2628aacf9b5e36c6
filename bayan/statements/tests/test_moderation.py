"""Moderating submitted signatures: approve, merge, reject, in bulk; matches and duplicates in both scripts."""

import pytest
from wagtail.models import ModelLogEntry

from bayan.statements import moderation
from bayan.statements.matching import SAME
from bayan.statements.models import Organisation, Statement, SubmissionState
from bayan.statements.tests.factories import make_organisation, make_statement, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("moderator")


@pytest.fixture
def cpj():
    return make_organisation("Committee to Protect Journalists", "لجنة حماية الصحفيين", short_name_en="CPJ")


def test_approving_as_a_new_organisation_lists_it_and_records_the_decision(moderator):
    statement = make_statement()
    submission = make_submission(statement, "Fictional Press Freedom Desk", country="LB")
    outcome = moderation.approve(submission, moderator)
    organisation = Organisation.objects.get(name_en="Fictional Press Freedom Desk")
    assert organisation.country == "LB"
    assert outcome.signatory.organisation == organisation and outcome.signatory.submission == submission
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED
    assert submission.decided_by == moderator and submission.decided_at
    assert ModelLogEntry.objects.filter(action=moderation.APPROVED, object_id=str(submission.pk)).exists()


def test_an_arabic_name_makes_an_organisation_named_in_arabic(moderator):
    submission = make_submission(make_statement(), "مرصد خيالي للحريات")
    moderation.approve(submission, moderator)
    assert Organisation.objects.get(name_ar="مرصد خيالي للحريات").name_en == ""


def test_merging_into_an_existing_organisation_creates_none(moderator, cpj):
    submission = make_submission(make_statement(), "CPJ")
    before = Organisation.objects.count()
    outcome = moderation.approve(submission, moderator, organisation=cpj)
    assert outcome.signatory.organisation == cpj and Organisation.objects.count() == before


def test_an_organisation_already_listed_is_not_added_twice(moderator, cpj):
    statement = make_statement(None, cpj)
    outcome = moderation.approve(make_submission(statement, "CPJ"), moderator, organisation=cpj)
    assert outcome.already_listed and outcome.signatory is None
    assert statement.signatories.count() == 1


def test_an_individual_becomes_an_individual_signatory(moderator):
    statement = make_statement(allows_individuals=True)
    submission = make_submission(statement, "", signs_as_individual=True, contact_name="Samir Fictional",
                                 individual_title="lawyer")
    signatory = moderation.approve(submission, moderator).signatory
    assert (signatory.individual_name, signatory.individual_title, signatory.organisation) == (
        "Samir Fictional", "lawyer", None)


def test_rejecting_keeps_it_off_the_list(moderator):
    statement = make_statement()
    submission = make_submission(statement)
    moderation.reject(submission, moderator)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED and submission.decided_by == moderator
    assert not statement.signatories.exists()
    assert ModelLogEntry.objects.filter(action=moderation.REJECTED).count() == 1


@pytest.mark.parametrize("state", [SubmissionState.UNCONFIRMED, SubmissionState.APPROVED, SubmissionState.REJECTED])
def test_only_submissions_waiting_for_moderation_are_decided(moderator, state):
    submission = make_submission(make_statement(), state=state)
    with pytest.raises(ValueError, match=submission.reference):
        moderation.approve(submission, moderator)
    with pytest.raises(ValueError):
        moderation.reject(submission, moderator)


def test_bulk_decisions(moderator, cpj):
    statement = make_statement()
    first, second, third = (make_submission(statement, name) for name in ("CPJ", "Bulk One", "Bulk Two"))
    moderation.approve_many([first, second], moderator, organisations={first.pk: cpj})
    moderation.reject_many([third], moderator)
    assert [str(s) for s in Statement.objects.get().signatories.all()] == [
        "Committee to Protect Journalists", "Bulk One"]
    third.refresh_from_db()
    assert third.state == SubmissionState.REJECTED


@pytest.mark.parametrize("typed", ["Committee to Protect Journalists", "CPJ", "لجنة حماية الصحفيين",
                                   "The Committee to Protect Journalists"])
def test_both_scripts_and_the_acronym_match_the_organisation(cpj, typed):
    statement = make_statement()
    submission = make_submission(statement, typed)
    [review] = moderation.reviews([submission], Organisation.objects.all())
    assert review.matches[0].organisation == cpj and review.matches[0].grade == SAME


def test_duplicates_among_submissions_and_the_list(cpj):
    statement = make_statement(None, cpj)
    english = make_submission(statement, "Committee to Protect Journalists")
    acronym = make_submission(statement, "Reporters Fictional Network")
    twin = make_submission(statement, "Reporters Fictional Network")
    statement = Statement.objects.prefetch_related("signatories").get()
    submissions = [english, acronym, twin]
    for submission in submissions:
        submission.statement = statement
    reviews = {review.submission: review for review in moderation.reviews(submissions, Organisation.objects.all())}
    assert reviews[english].duplicates == [cpj]
    assert reviews[acronym].duplicates == [twin]
