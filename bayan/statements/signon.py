"""The public sign-on: a signature sent through a private link, confirmed by e-mail, then moderated.

Nothing here is ever shown to readers: a submission becomes public only when an editor
approves it (moderation.py turns it into a Signatory). The signer's words are stored as
plain text (control characters stripped, every tag removed by the one sanitiser) and
escaped wherever they are drawn.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import nh3
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from bayan.accounts.audit import client_address
from bayan.accounts.limits import spend
from bayan.addresses import address_in

from .models import Submission, SubmissionState, new_token, token_digest

# Everything below a space but the line breaks a comment may keep, and DEL.
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value, *, multiline=False):
    """``value`` as text only: control characters and every tag removed, entities decoded back."""
    text = _CONTROL.sub("", value or "")
    if not multiline:
        text = " ".join(text.split())
    # nh3 with no tags allowed keeps the text and escapes it; unescaping gives the text back to store.
    cleaned = nh3.clean(text, tags=set())
    return cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&#39;", "'").replace("&amp;", "&").strip()


@dataclass(frozen=True)
class Refusal:
    """A sign-on request over a rate limit: when the client may try again."""

    retry_after: int


def over_limit(request, link, *, looser=1):
    """A Refusal when this request exceeds the per-address or the per-link limit, else None.

    Counted before anything else is read from the request, so a flood costs one counter each.
    ``looser`` multiplies the limits (the type-ahead is asked once per keystroke).
    """
    window = settings.BAYAN_SIGNON_WINDOW
    kind = "signon" if looser == 1 else "signon-lookup"
    for key, limit in ((f"{kind}:address:{client_address(request)}", settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS),
                       (f"{kind}:link:{link.pk}", settings.BAYAN_SIGNON_LIMIT_PER_LINK)):
        verdict = spend(key, limit * looser, window)
        if not verdict.allowed:
            return Refusal(retry_after=max(1, int(verdict.retry_after)))
    return None


def submit(link, data, language):
    """Store a signature sent through ``link`` (cleaned form data) and e-mail its contact a confirmation link."""
    token = new_token()
    submission = Submission.objects.create(
        statement=link.statement, link=link, language=language,
        organisation_name=data["organisation_name"], chosen_organisation=data.get("chosen_organisation"),
        country=data.get("country", ""), signs_as_individual=data.get("signs_as_individual", False),
        individual_title=data.get("individual_title", ""), contact_name=data["contact_name"],
        contact_email=data["contact_email"], comment=data.get("comment", ""), consent=True,
        confirmation_digest=token_digest(token))
    _send_confirmation(submission, token)
    return submission


def _send_confirmation(submission, token):
    with translation.override(submission.language):
        context = {"submission": submission, "hours": settings.BAYAN_SIGNON_CONFIRM_HOURS,
                   "address": settings.BASE_URL
                   + address_in(submission.language, "signon:confirm", (("token", token),))}
        subject = " ".join(render_to_string("statements/email/confirm_subject.txt", context).split())
        body = render_to_string("statements/email/confirm_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submission.contact_email])


class Confirmation:
    """What following a confirmation link did: ``confirmed``, ``already``, ``expired`` or ``unknown``."""

    def __init__(self, outcome, submission=None):
        self.outcome = outcome
        self.submission = submission


def confirm(token, now=None):
    """Move the submission this one-time token names into the moderation queue, once."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return Confirmation("unknown")
    submission = Submission.objects.filter(confirmation_digest=token_digest(token)).first()
    if submission is None:
        return Confirmation("unknown")
    if submission.state != SubmissionState.UNCONFIRMED:
        return Confirmation("already", submission)
    if submission.created_at + timedelta(hours=settings.BAYAN_SIGNON_CONFIRM_HOURS) < now:
        return Confirmation("expired", submission)
    submission.state = SubmissionState.PENDING
    submission.confirmed_at = now
    submission.save(update_fields=["state", "confirmed_at"])
    return Confirmation("confirmed", submission)
