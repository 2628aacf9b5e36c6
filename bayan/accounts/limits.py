"""Rate limits shared by every server process: counts per key and fixed time window, in the database.

A public form (the statements' sign-on, later the API) asks ``spend(key, limit, window)``
before doing any work. Each call is one statement: an insert that adds one to the count of
the current window (PostgreSQL and SQLite both have ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING``), so a flood costs one small write per request and is refused before anything
else is read. Past windows are deleted by ``forget_past_windows``, which the counting does
now and then, so the table holds about one row per active key.

A large limit (an API partner's thousands a minute) is counted in shares: a process takes up
to one hundredth of the limit from the database at a time and spends it without writing, so
a busy client costs one write per hundred requests instead of one each. A share taken and not
spent before its window ends is lost, so with N processes a client may be refused up to N
hundredths of its limit early; never allowed more than its limit. Limits under 200 are counted
one by one, as before.
"""

import math
import threading
import time
from dataclasses import dataclass

from django.db import connection, transaction

from .models import RateCount

_TABLE = connection.ops.quote_name(RateCount._meta.db_table)
_KEY, _END, _COUNT = (connection.ops.quote_name(column) for column in ("key", "window_end", "count"))
# One call in this many also deletes the windows that ended (cheap: an indexed range delete).
_SWEEP_EVERY = 500
_calls = 0
# Large limits are taken from the database in shares of one in this many (see above).
_SHARES = 100
# {(key, window end): (uses left of this process's share, the count the last use made)}
_shares = {}
_shares_lock = threading.Lock()


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends (the value of a 429's Retry-After)


def spend(key, limit, window_seconds, now=None):
    """Count one use of ``key``; allowed while the window's count is at most ``limit``."""
    now = time.time() if now is None else now
    window_end = (int(now // window_seconds) + 1) * window_seconds
    retry_after = max(1, math.ceil(window_end - now))
    share = limit // _SHARES
    if share <= 1:
        count = _count(key, window_end, 1, now)
        return Verdict(count <= limit, count, retry_after)
    with _shares_lock:
        held = _shares.get((key, window_end))
        if held is not None and held[0] > 0:
            _shares[(key, window_end)] = (held[0] - 1, held[1] + 1)
            return Verdict(True, held[1] + 1, retry_after)
    count = _count(key, window_end, share, now)
    # Of the share just counted, what the limit still allowed (the rest went past it).
    granted = min(share, max(0, limit - (count - share)))
    spent_before = count - share
    with _shares_lock:
        for held_key in [held_key for held_key in _shares if held_key[1] < window_end]:
            del _shares[held_key]
        if granted > 1:
            _shares[(key, window_end)] = (granted - 1, spent_before + 1)
    if granted == 0:
        return Verdict(False, count, retry_after)
    return Verdict(True, spent_before + 1, retry_after)


def _count(key, window_end, uses, now):
    """Add ``uses`` to the window's count of ``key``; the count after it."""
    global _calls
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} ({_KEY}, {_END}, {_COUNT}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({_KEY}, {_END}) DO UPDATE SET {_COUNT} = {_TABLE}.{_COUNT} + %s RETURNING {_COUNT}",
            [key[:200], window_end, uses, uses],
        )
        count = cursor.fetchone()[0]
    _calls += 1
    if _calls % _SWEEP_EVERY == 0:
        forget_past_windows(now)
    return count


def forget_past_windows(now=None):
    """Delete the counts of windows that have ended."""
    now = time.time() if now is None else now
    RateCount.objects.filter(window_end__lte=int(now)).delete()
