"""The sign-on's housekeeping: what a signer sent is kept no longer than needed, and editors hear of what waits.

``erase_stale_contacts`` blanks the contact e-mail and comment of submissions rejected, or
never confirmed, more than ``BAYAN_REJECTED_SUBMISSION_DAYS`` ago (the organisation's name
and the reference stay, so a signer who asks can still be answered). ``notify_editors``
sends one e-mail listing how many signatures wait for moderation, at most once every
``BAYAN_SIGNON_NOTICE_MINUTES``, to the accounts that may moderate them. ``bayan
statements-tidy`` runs both; ``bayan serve`` runs it every minute (``BAYAN_SCHEDULED_JOBS``).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from .models import Notice, Submission, SubmissionState

MODERATE = ("statements", "moderate_submission")


def erase_stale_contacts(now=None):
    """Blank the contact details of old rejected and unconfirmed submissions; returns how many."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.BAYAN_REJECTED_SUBMISSION_DAYS)
    stale = Submission.objects.filter(erased_at__isnull=True).filter(
        Q(state=SubmissionState.REJECTED, decided_at__lt=before)
        | Q(state=SubmissionState.UNCONFIRMED, created_at__lt=before))
    return stale.update(contact_email="", comment="", confirmation_digest="", erased_at=now)


def moderators():
    """Active accounts with an e-mail address that may moderate signatures (superusers included)."""
    permission = Permission.objects.filter(content_type__app_label=MODERATE[0], codename=MODERATE[1])
    return (get_user_model().objects.filter(is_active=True).exclude(email="")
            .filter(Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
            .distinct())


def notify_editors(now=None):
    """E-mail the moderators how many signatures wait, unless one was sent within the notice interval.

    Returns the number of recipients (0 when nothing waits, no one can moderate, or it is too soon).
    """
    now = now or timezone.now()
    waiting = Submission.objects.filter(state=SubmissionState.PENDING).count()
    if not waiting:
        return 0
    last = Notice.objects.order_by("-sent_at").first()
    if last and last.sent_at > now - timedelta(minutes=settings.BAYAN_SIGNON_NOTICE_MINUTES):
        return 0
    recipients = list(moderators().values_list("email", flat=True))
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("%(count)d signature waits for moderation", "%(count)d signatures wait for moderation",
                           waiting) % {"count": waiting}
        body = gettext("Review them at %(address)s") % {"address": f"{settings.BASE_URL}/admin/statements/queue/"}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    Notice.objects.create(sent_at=now, pending=waiting)
    return len(recipients)
