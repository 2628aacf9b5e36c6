"""Positions in the change log as tokens followers hand back: opaque, signed, checked.

The open data API's changes feed resumes from a token, and every snapshot of public data (the
API's ``snapshot/``, the open-data downloads' ``X-Changes-Token`` header) names the token it
reflects, so a partner can start from either and follow the feed.
"""

from django.core import signing
from django.db.models import Max

from .models import ContentChange

TOKEN_SALT = "bayan.changes"


class BadToken(ValueError):
    """A token this site did not give out."""


def newest_change_id():
    """The newest entry of the log (0 while it is empty)."""
    return ContentChange.objects.aggregate(newest=Max("id"))["newest"] or 0


def token_for(change_id):
    """The token that resumes the log after entry ``change_id``."""
    return signing.dumps(change_id, salt=TOKEN_SALT, compress=False)


def change_id_of(token):
    """The entry a token resumes after; ``BadToken`` for one this site did not give out."""
    try:
        value = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise BadToken("is not a token this site gave out") from None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadToken("is not a token this site gave out")
    return value


def current_token():
    """The token of the log as it stands: what a snapshot read now reflects (read it before the data)."""
    return token_for(newest_change_id())


def with_token(response, token):
    """``response`` (a download) naming the token it reflects in ``X-Changes-Token``."""
    response["X-Changes-Token"] = token
    return response
