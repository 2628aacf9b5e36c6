"""Deciding submitted signatures: approve (as a new organisation, or merged into one), reject.

A decision is for submissions waiting for moderation (``PENDING``) only; each records who
decided and when, and is in the audit log on the submission. Approving makes the signature a
``Signatory`` through ``signatories`` (so the list's history and freezing apply); an
organisation already on the list is not added twice, and the result says so.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from . import signatories
from .matching import best_grade, matches
from .models import Organisation, Submission, SubmissionState

ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
APPROVED, REJECTED = "statements.submission_approved", "statements.submission_rejected"


def register_log_actions(actions):
    """The moderators' decisions as lines of the audit log."""
    actions.register_action(APPROVED, gettext_lazy("Signature approved"), gettext_lazy("Approved a signature"))
    actions.register_action(REJECTED, gettext_lazy("Signature rejected"), gettext_lazy("Rejected a signature"))


@dataclass(frozen=True)
class Outcome:
    """What a decision did: the signatory made (None when already listed or rejected)."""

    submission: Submission
    signatory: object = None
    already_listed: bool = False


def _decided(submission, state, user):
    submission.state = state
    submission.decided_at = timezone.now()
    submission.decided_by = user if getattr(user, "pk", None) else None
    submission.save(update_fields=["state", "decided_at", "decided_by"])


def _check_pending(submission):
    if submission.state != SubmissionState.PENDING:
        raise ValueError(f"{submission.reference} is not waiting for moderation ({submission.state}).")


def organisation_named(name, country=""):
    """A new organisation called ``name``: the name in the field of its script (Arabic or Latin)."""
    name = name.strip()
    arabic = bool(ARABIC_LETTER.search(name))
    return Organisation.objects.create(name_en="" if arabic else name, name_ar=name if arabic else "",
                                       country=country)


def new_organisation(submission):
    """An organisation made from a submission: its name in the field of its script, its country."""
    return organisation_named(submission.organisation_name, submission.country)


@transaction.atomic
def approve(submission, user=None, organisation=None):
    """``submission`` on the list: as ``organisation``, a new organisation, or an individual signatory."""
    _check_pending(submission)
    statement = submission.statement
    if submission.signs_as_individual:
        signatory = signatories.add_individual(statement, submission.contact_name, submission.individual_title,
                                               user, submission)
    else:
        if organisation is None:
            organisation = new_organisation(submission)
        signatory = signatories.add_organisation(statement, organisation, user, submission)
    _decided(submission, SubmissionState.APPROVED, user)
    log(submission, APPROVED, user=user, data={"reference": submission.reference, "statement": statement.pk,
                                               "organisation": organisation.pk if organisation else None,
                                               "already_listed": signatory is None})
    return Outcome(submission, signatory, already_listed=signatory is None)


@transaction.atomic
def reject(submission, user=None):
    """``submission`` refused: it never reaches the list."""
    _check_pending(submission)
    _decided(submission, SubmissionState.REJECTED, user)
    log(submission, REJECTED, user=user, data={"reference": submission.reference,
                                               "statement": submission.statement_id})
    return Outcome(submission)


def approve_many(submissions, user=None, organisations=None):
    """Each of ``submissions`` approved, merged into ``organisations[submission.pk]`` when given."""
    organisations = organisations or {}
    return [approve(submission, user, organisations.get(submission.pk)) for submission in submissions]


def reject_many(submissions, user=None):
    """Each of ``submissions`` rejected."""
    return [reject(submission, user) for submission in submissions]


@dataclass
class Review:
    """A pending submission as a moderator sees it: the organisations it may be, and its likely twins."""

    submission: Submission
    matches: list
    duplicates: list


def reviews(submissions, organisations):
    """Each submission with its likely matches among ``organisations`` and duplicates on the same statement.

    Duplicates are other pending submissions of the same statement, or its signatories, whose
    names match. Reads nothing more from the database: pass signatories prefetched.
    """
    organisations = list(organisations)
    result = []
    for submission in submissions:
        same_statement = [other for other in submissions
                          if other.statement_id == submission.statement_id and other.pk != submission.pk]
        twins = [other for other in same_statement if best_grade(submission.match_terms, other.match_terms)]
        listed = {signatory.organisation_id for signatory in submission.statement.signatories.all()}
        found = matches(submission.match_terms, organisations, terms=True)
        twins += [match.organisation for match in found if match.organisation.pk in listed]
        result.append(Review(submission, found, twins))
    return result

