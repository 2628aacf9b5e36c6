"""Rate limits shared by every server process: counts per key and fixed time window, in the database.

A public form (the statements' sign-on, later the API) asks ``spend(key, limit, window)``
before doing any work. Each call is one statement: an insert that adds one to the count of
the current window (PostgreSQL and SQLite both have ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING``), so a flood costs one small write per request and is refused before anything
else is read. Past windows are deleted by ``forget_past_windows``, which the counting does
now and then, so the table holds about one row per active key.
"""

import math
import time
from dataclasses import dataclass

from django.db import connection, transaction

from .models import RateCount

_TABLE = connection.ops.quote_name(RateCount._meta.db_table)
_KEY, _END, _COUNT = (connection.ops.quote_name(column) for column in ("key", "window_end", "count"))
# One call in this many also deletes the windows that ended (cheap: an indexed range delete).
_SWEEP_EVERY = 500
_calls = 0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends (the value of a 429's Retry-After)


def spend(key, limit, window_seconds, now=None):
    """Count one use of ``key``; allowed while the window's count is at most ``limit``."""
    global _calls
    now = time.time() if now is None else now
    window_end = (int(now // window_seconds) + 1) * window_seconds
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} ({_KEY}, {_END}, {_COUNT}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({_KEY}, {_END}) DO UPDATE SET {_COUNT} = {_TABLE}.{_COUNT} + 1 RETURNING {_COUNT}",
            [key[:200], window_end],
        )
        count = cursor.fetchone()[0]
    _calls += 1
    if _calls % _SWEEP_EVERY == 0:
        forget_past_windows(now)
    return Verdict(count <= limit, count, max(1, math.ceil(window_end - now)))


def forget_past_windows(now=None):
    """Delete the counts of windows that have ended."""
    now = time.time() if now is None else now
    RateCount.objects.filter(window_end__lte=int(now)).delete()
