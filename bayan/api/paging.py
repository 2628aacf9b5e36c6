"""Cursor pagination: a stable order, and a cursor that names the last row seen, signed.

A cursor holds the sort key of the last row of its page (for posts, their date and id; for the
rest, the id), so the next page starts after that row whatever was inserted or deleted
meanwhile: no row is returned twice and none that stayed is skipped. Cursors are signed, so a
tampered or invented one is refused with a 400 naming ``cursor``.
"""

from datetime import datetime

from django.core import signing
from django.db.models import Q

from .errors import ApiError

MOST = 100


def _salt(scope):
    return f"bayan.api.cursor.{scope}"


def cursor_after(scope, pk, date=None):
    """The cursor of the page that starts after the row ``pk`` (dated ``date`` in a list by date)."""
    key = [date.isoformat(), pk] if date is not None else [pk]
    return signing.dumps(key, salt=_salt(scope), compress=False)


def _key(scope, cursor, by_date):
    try:
        key = signing.loads(cursor, salt=_salt(scope))
    except signing.BadSignature:
        raise ApiError(400, "is not a cursor this API gave out for this list", "cursor") from None
    try:
        if by_date:
            return datetime.fromisoformat(key[0]), int(key[1])
        return (int(key[0]),)
    except (TypeError, ValueError, IndexError, KeyError):
        raise ApiError(400, "is not a cursor this API gave out for this list", "cursor") from None


def after(scope, cursor):
    """The (date, id) a posts cursor names, or None without one."""
    return _key(scope, cursor, True) if cursor else None


def page_of(queryset, scope, cursor, limit, by_date=False):
    """``(rows, next cursor or None)``: up to ``limit`` rows of ``queryset`` after ``cursor``.

    With ``by_date`` newest first (date, then id, both descending); else by id ascending.
    """
    if by_date:
        queryset = queryset.order_by("-date", "-pk")
        if cursor:
            date, pk = _key(scope, cursor, True)
            queryset = queryset.filter(Q(date__lt=date) | Q(date=date, pk__lt=pk))
    else:
        queryset = queryset.order_by("pk")
        if cursor:
            (pk,) = _key(scope, cursor, False)
            queryset = queryset.filter(pk__gt=pk)
    rows = list(queryset[:limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, cursor_after(scope, rows[-1].pk, rows[-1].date if by_date else None)
    return rows, None
