"""Sign-ins in the audit log, beside Wagtail's own entries for publishing, deleting and permissions.

Administrators see them under Reports > Site history (filterable, exportable as CSV or XLSX).
A failed sign-in has no user to attach to; it is logged to the ``bayan.security``
logger with the name tried and the client's address, and counted by django-axes.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from wagtail.log_actions import log

security_log = logging.getLogger("bayan.security")


def client_address(request):
    """The client's address: the one a trusted proxy adds last to X-Forwarded-For, else the peer's.

    The header is believed only from a proxy that ``BAYAN_TRUSTED_PROXIES`` names; from anyone
    else it is whatever the client chose to send. Only its last entry is the proxy's own doing.
    None when there is no request (a sign-in made by code, as in tests).
    Used for the audit log, django-axes's lock-out and the rate limits (``limits.py``), so
    that behind a proxy they count the attacker's address, not the proxy's.
    """
    meta = getattr(request, "META", {}) if request is not None else {}
    peer = meta.get("REMOTE_ADDR") or None
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if peer in settings.BAYAN_TRUSTED_PROXIES and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64]
    return peer


def record(action, user, request=None, **data):
    """Write an account event to Wagtail's audit log, with the client's address when there is a request.

    ``request.user`` is a lazy wrapper (django-otp adds one) that Wagtail's log cannot
    name a model for, so the account is read afresh.
    """
    account = get_user_model().objects.get(pk=user.pk)
    if request is not None:
        data["address"] = client_address(request) or "unknown"
    log(instance=account, action=action, user=account, data=data)


def _signed_in(sender, request, user, **kwargs):
    record("bayan.sign_in", user, request)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("bayan.sign_out", user, request)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    security_log.warning("failed sign-in for %r from %s", credentials.get("username", ""),
                         client_address(request) or "unknown")


def connect():
    user_logged_in.connect(_signed_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
