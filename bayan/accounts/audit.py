"""Sign-ins in the audit log, beside Wagtail's own entries for publishing, deleting and permissions.

Administrators see them under Reports > Site history (filterable, exportable as CSV or XLSX).
A failed sign-in has no user to attach to; it is logged to the ``bayan.security``
logger with the name tried and the client's address, and counted by django-axes.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from wagtail.log_actions import log

security_log = logging.getLogger("bayan.security")


def _client(request):
    return getattr(request, "META", {}).get("REMOTE_ADDR", "unknown") if request is not None else "unknown"


def _signed_in(sender, request, user, **kwargs):
    log(instance=user, action="bayan.sign_in", user=user, data={"address": _client(request)})


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        log(instance=user, action="bayan.sign_out", user=user, data={"address": _client(request)})


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    security_log.warning("failed sign-in for %r from %s", credentials.get("username", ""), _client(request))


def connect():
    user_logged_in.connect(_signed_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
