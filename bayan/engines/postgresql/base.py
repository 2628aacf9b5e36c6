"""PostgreSQL as Django's backend has it, with a reused connection checked only after it sat idle, and dates read
by Python's own parser.

With CONN_HEALTH_CHECKS, Django sends ``SELECT 1`` before each request's first statement on a
reused connection: on a reader page that is one statement in six, each a round trip to
another process (about 100 µs of processor time between the worker and the server). A
connection that was used within the last few seconds is taken as alive, which under any
load is every request; one idle longer is checked as before. If the server went away in
between (a restart, a failover), that one request fails, is answered by the 503 page
(``bayan.errors``), and Django closes the connection after it, as after any failure; the
next request connects anew.

Django reads every ``timestamptz`` value through a loader of its own, written in Python over
psycopg's Python parser, which replaces psycopg's compiled one. For a connection in UTC
(Django's unless a database ``TIME_ZONE`` says otherwise) the value PostgreSQL sends in its ISO
style is read by ``datetime.fromisoformat`` instead, with the same result (a feed's twenty rows
of two dates: 131 µs of processor time with Django's loader, 84 µs with this one). Anything
else (another date style, a year past 9999, infinity) still goes through Django's loader, so
it is refused or read exactly as before.
"""

import time
from datetime import UTC, datetime
from functools import lru_cache

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader, get_adapters_template
from psycopg.adapt import AdaptersMap

# A connection used this recently (seconds) is not asked ``SELECT 1`` before its next request.
RECENTLY_USED = 5.0


class UtcTimestampLoader(BaseTzLoader):
    """Django's ``timestamptz`` loader for a connection in UTC, parsing the ISO text with ``fromisoformat``."""

    timezone = UTC

    def load(self, data):
        try:
            moment = datetime.fromisoformat(bytes(data).decode())
        except ValueError:
            return super().load(data)
        if moment.tzinfo is None:  # not the ISO style with an offset: let Django's loader say what it is
            return super().load(data)
        return moment.astimezone(UTC) if moment.utcoffset() else moment.replace(tzinfo=UTC)


@lru_cache
def _adapters_in_utc():
    adapters = AdaptersMap(get_adapters_template(True, UTC))
    adapters.register_loader("timestamptz", UtcTimestampLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = float("-inf")

    def get_connection_params(self):
        params = super().get_connection_params()
        # Django's own adapters for these settings (psycopg copies them for each connection), with the faster loader.
        if params.get("context") is get_adapters_template(True, UTC) and self.timezone is UTC:
            params["context"] = _adapters_in_utc()
        return params

    def close_if_health_check_failed(self):
        # Called before every cursor is made: the time it was last called is when the connection was last used.
        if self.connection is not None and time.monotonic() - self.used_at < RECENTLY_USED:
            self.health_check_done = True
        super().close_if_health_check_failed()
        self.used_at = time.monotonic()
