"""PostgreSQL as Django's backend has it, with a reused connection checked only after it sat idle.

With CONN_HEALTH_CHECKS, Django sends ``SELECT 1`` before each request's first statement on a
reused connection: on a reader page that is one statement in six, each a round trip to
another process (about 100 µs of processor time between the worker and the server). A
connection that was used within the last few seconds is taken as alive, which under any
load is every request; one idle longer is checked as before. If the server went away in
between (a restart, a failover), that one request fails, is answered by the 503 page
(``bayan.errors``), and Django closes the connection after it, as after any failure; the
next request connects anew.
"""

import time

from django.db.backends.postgresql import base

# A connection used this recently (seconds) is not asked ``SELECT 1`` before its next request.
RECENTLY_USED = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = float("-inf")

    def close_if_health_check_failed(self):
        # Called before every cursor is made: the time it was last called is when the connection was last used.
        if self.connection is not None and time.monotonic() - self.used_at < RECENTLY_USED:
            self.health_check_done = True
        super().close_if_health_check_failed()
        self.used_at = time.monotonic()
