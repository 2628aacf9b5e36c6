"""Positions in the change log as tokens followers hand back: opaque, signed, checked; and its pruning.

The open data API's changes feed resumes from a token, and every snapshot of public data (the
API's ``snapshot/``, the open-data downloads' ``X-Changes-Token`` header) names the token it
reflects, so a partner can start from either and follow the feed.

The log keeps BAYAN_CHANGE_LOG_DAYS of entries (``prune``, run every minute by ``bayan serve``
as ``changes_prune``). A position older than what it keeps can no longer be followed
(``is_pruned``): the API tells its partner to start again from a snapshot, a mirror renders
itself whole.
"""

from django.core import signing
from django.db import connection, transaction
from django.db.models import Max

from .models import ChangeLogStart, ContentChange

# Functions giving a position each follower that keeps its own in the database still needs
# (apps add theirs when they load): the log is never pruned past any of them.
FOLLOWER_POSITIONS = []

TOKEN_SALT = "bayan.changes"

# The fewest days of the log kept (BAYAN_CHANGE_LOG_DAYS and `changes-prune --days` alike): a partner or a
# mirror that follows the log once a day still finds every entry since its last run, whatever the hour.
FEWEST_DAYS_KEPT = 2


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


def pruned_up_to():
    """The newest entry removed from the log (0 while none was)."""
    return ChangeLogStart.objects.filter(pk=1).values_list("pruned_up_to", flat=True).first() or 0


def is_pruned(change_id):
    """Whether what changed after entry ``change_id`` can no longer be read in full from the log."""
    return change_id < pruned_up_to()


def prune(older_than):
    """Remove the entries written before ``older_than``; how many went.

    The newest entry always stays, so that positions only grow (SQLite would hand a removed
    newest id out again), and so do the entries a follower has not read yet
    (``FOLLOWER_POSITIONS``). Removed in one statement, which no model signal sees: the log is
    no content a reader sees.
    """
    with transaction.atomic():
        start, _created = ChangeLogStart.objects.select_for_update().get_or_create(pk=1)
        newest = newest_change_id()
        up_to = ContentChange.objects.filter(at__lt=older_than, id__lt=newest).aggregate(last=Max("id"))["last"]
        if up_to is None:
            return 0
        up_to = min([up_to, *(position() for position in FOLLOWER_POSITIONS)])
        if up_to <= start.pruned_up_to:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ContentChange._meta.db_table} WHERE id <= %s", [up_to])
            removed = cursor.rowcount
        start.pruned_up_to = up_to
        start.save(update_fields=["pruned_up_to"])
        return removed
