"""Small builders for statement tests: an organisation, a joint statement with its signatories."""

import itertools
from datetime import timedelta

from django.utils import timezone

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Organisation, Signatory, SignOnLink, Statement, Submission, SubmissionState

_numbers = itertools.count(1)


def make_organisation(name_en=None, name_ar="", **fields):
    """A public organisation with a distinct English name unless told otherwise."""
    number = next(_numbers)
    return Organisation.objects.create(
        name_en=f"Organisation Number{number}" if name_en is None else name_en, name_ar=name_ar, **fields)


def make_statement(post=None, *organisations, **fields):
    """The statement ``post`` (a new published post when None) is, signed by ``organisations`` in order."""
    post = post or make_post()
    statement = Statement.objects.create(translation_key=post.translation_key, **fields)
    for place, organisation in enumerate(organisations):
        Signatory.objects.create(statement=statement, organisation=organisation, sort_order=place)
    return statement


def make_link(statement, days=30, **fields):
    """A usable sign-on link and its token."""
    return SignOnLink.issue(statement, timezone.now() + timedelta(days=days), **fields)


def make_submission(statement, organisation_name="Submitted Organisation", state=SubmissionState.PENDING, **fields):
    """A submission in ``state`` (waiting for moderation unless told otherwise)."""
    fields.setdefault("contact_name", "Contact Person")
    fields.setdefault("contact_email", "contact@example.org")
    fields.setdefault("consent", True)
    return Submission.objects.create(statement=statement, organisation_name=organisation_name, state=state,
                                     **fields)
