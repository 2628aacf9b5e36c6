"""Anonymous readers' reads on PostgreSQL's streaming replicas; writes, the admin, forms and editors on the primary.

Active when ``BAYAN_REPLICA_URLS`` names replicas (settings add the router and the middleware).
A reader's request goes to a replica only when that replica

- answers, and is a replica (``pg_is_in_recovery()``);
- lags the primary by no more than ``BAYAN_REPLICA_MAX_LAG_SECONDS``;
- has replayed the change that started the current content generation, so that a page built
  there is never older than the generation it is cached under (in this process and in
  nginx or a CDN, which revalidate against the same generation);
- has replayed what this reader last wrote: any request that may write (a form, the admin,
  signing out) leaves the primary's WAL position in a cookie, and until a replica has replayed
  that position the reader is served from the primary, so nobody sees their own change vanish.

Otherwise the primary serves the request. Lag is measured in WAL positions, not in replay
timestamps (an idle primary writes nothing, so a timestamp would age without any lag): each
check notes where the primary's WAL stands, and a replica's lag is the time since the primary
stood where the replica has now replayed to. A replica is checked at most every half second,
and the result shared by the process's requests.

When the primary does not answer, readers are served from a replica whatever its lag, with
the replica's own generation (what it shows is consistent with itself), and anything that
must write is answered with the site's 503 page (``bayan.errors.server_error``).
"""

import logging
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from bayan.database import reading_alias
from bayan.errors import TAKES_FORMS

from .invalidation import current_generation

logger = logging.getLogger(__name__)

# The cookie holding the primary's WAL position after this reader's last request that may have written.
WRITTEN_COOKIE = "bayan_written"
WRITTEN_COOKIE_SECONDS = 600
_LSN = re.compile(r"[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")
_COOKIE_POSITION = re.compile(r"[0-9A-F]{1,16}")
# How often a replica's position is read while it keeps up, and at least how long between two reads
# when a reader waits for a position the replica has not replayed yet.
CHECK_SECONDS = 0.5
RECHECK_SECONDS = 0.1
# How long a replica or the primary that failed to answer is left alone before it is tried again.
RETRY_SECONDS = 5.0


def parse_lsn(text):
    """A WAL position as PostgreSQL writes it (``16/B374D848``) as a number; None for anything else."""
    if not isinstance(text, str) or not _LSN.fullmatch(text):
        return None
    high, _slash, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


@dataclass
class Replica:
    """What the last check found out about one replica."""

    alias: str
    answers: bool = False
    replayed: int = -1
    # When the primary last stood no further than this replica has replayed (None: not seen yet).
    caught_up_at: float | None = None
    checked_at: float = float("-inf")
    retry_at: float = float("-inf")
    problem: str = ""

    def lag(self, now):
        return float("inf") if self.caught_up_at is None else now - self.caught_up_at


class ReplicaSet:
    """The replicas of one process and the primary's recent WAL positions: plain bookkeeping, no I/O.

    ``checks`` feed it what the databases said; ``choose`` picks a replica for a request.
    """

    def __init__(self, aliases, max_lag):
        self.replicas = [Replica(alias) for alias in aliases]
        self.max_lag = max_lag
        # (WAL position, when) of the primary, oldest first, kept for as long as lag is measured.
        self.primary_positions = deque()
        self.primary_down_until = float("-inf")

    def primary_at(self, position, now):
        """Note where the primary's WAL stood at ``now``."""
        self.primary_positions.append((position, now))
        # Keep one position older than the lag limit, so that a lag past it can still be measured.
        while len(self.primary_positions) > 2 and self.primary_positions[1][1] < now - 2 * self.max_lag:
            self.primary_positions.popleft()

    def replica_at(self, replica, replayed, now):
        """Note that ``replica`` has replayed up to ``replayed`` at ``now``."""
        replica.answers, replica.replayed, replica.checked_at, replica.problem = True, replayed, now, ""
        for position, at in reversed(self.primary_positions):
            if position <= replayed:
                if replica.caught_up_at is None or at > replica.caught_up_at:
                    replica.caught_up_at = at
                break

    def replica_failed(self, replica, problem, now):
        replica.answers, replica.checked_at, replica.problem = False, now, problem
        replica.retry_at = now + RETRY_SECONDS

    def choose(self, needed, now, primary_answers=True):
        """The alias of a replica that may serve a reader needing WAL position ``needed``, or None (the primary).

        With the primary not answering, any replica that answers.
        """
        if not primary_answers:
            usable = [replica for replica in self.replicas if replica.answers]
        else:
            usable = [replica for replica in self.replicas
                      if replica.answers and replica.replayed >= needed and replica.lag(now) <= self.max_lag]
        return random.choice(usable).alias if usable else None

    def due(self, now, needed):
        """The replicas worth reading again now: unchecked for a while, or behind what a reader needs."""
        due = []
        for replica in self.replicas:
            if not replica.answers:
                if now >= replica.retry_at:
                    due.append(replica)
            elif now - replica.checked_at >= CHECK_SECONDS or (
                    replica.replayed < needed and now - replica.checked_at >= RECHECK_SECONDS):
                due.append(replica)
        return due


class Replicas:
    """This process's replicas, read from the databases when due (at most one request checks at a time)."""

    def __init__(self, aliases, max_lag):
        self.set = ReplicaSet(aliases, max_lag)
        self.lock = threading.Lock()
        self.generation_token = None
        self.generation_position = 0
        self.reported = {}

    def report(self, name, problem):
        """Log a change of state once, not once per request."""
        if self.reported.get(name, "") != problem:
            self.reported[name] = problem
            if problem:
                logger.warning("%s: %s", name, problem)
            else:
                logger.warning("%s answers again and serves readers", name)

    def primary_position(self):
        """The primary's WAL position now; raises DatabaseError if the primary does not answer."""
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return parse_lsn(cursor.fetchone()[0])

    def note_generation(self, token):
        """The WAL position a replica must have replayed to serve generation ``token`` (read once per generation)."""
        if token != self.generation_token:
            # Read after the token: the change that started the generation has committed before this position.
            self.generation_position = self.primary_position()
            self.generation_token = token
        return self.generation_position

    def check(self, needed, primary_answers=True):
        """Read the replicas that are due (and the primary's position first), unless another request is at it."""
        now = time.monotonic()
        due = self.set.due(now, needed)
        if not due or not self.lock.acquire(blocking=False):
            return
        try:
            if primary_answers:
                self.set.primary_at(self.primary_position(), now)
            for replica in due:
                self._check_one(replica, now, primary_answers)
        finally:
            self.lock.release()

    def _check_one(self, replica, now, primary_answers):
        try:
            with connections[replica.alias].cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")
                in_recovery, replayed = cursor.fetchone()
        except DatabaseError as error:
            connections[replica.alias].close()
            self.set.replica_failed(replica, f"does not answer ({str(error).strip() or type(error).__name__})", now)
        else:
            if not in_recovery:
                self.set.replica_failed(replica, "is not a replica (pg_is_in_recovery() is false); left out", now)
            else:
                self.set.replica_at(replica, parse_lsn(replayed) or 0, now)
                # Without the primary's position there is no lag to measure: whatever it shows is what there is.
                if primary_answers and replica.lag(now) > self.set.max_lag:
                    replica.problem = (f"lags the primary by more than {self.set.max_lag} s; readers are served "
                                       "from the primary until it catches up")
        self.report(f"Replica {replica.alias}", replica.problem)

    def primary_failed(self, error):
        self.set.primary_down_until = time.monotonic() + RETRY_SECONDS
        connections[DEFAULT_DB_ALIAS].close()
        self.report("The primary database", f"does not answer ({str(error).strip() or type(error).__name__}); "
                                              "readers are served from the replicas, writes refused")

    def failed_mid_request(self, alias, error):
        """Leave out the replica ``alias``, whose connection failed during a request, until it is tried again."""
        replica = next(replica for replica in self.set.replicas if replica.alias == alias)
        self.set.replica_failed(replica, f"failed mid-request ({str(error).strip()})", time.monotonic())
        connections[alias].close()
        self.report(f"Replica {alias}", replica.problem)

    def primary_answers(self):
        return time.monotonic() >= self.set.primary_down_until


_replicas = None


def replicas():
    """This process's one ``Replicas``, for the aliases settings made of ``BAYAN_REPLICA_URLS``."""
    global _replicas
    if _replicas is None:
        _replicas = Replicas(settings.BAYAN_REPLICAS, settings.BAYAN_REPLICA_MAX_LAG_SECONDS)
    return _replicas


class ReplicaRouter:
    """Reads go where the request was sent (``reading_alias``), writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        return reading_alias.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        # The replicas hold the primary's rows: an object read on one may be linked with one read on another.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def reads_on_primary_only(request):
    """Whether ``request`` must read from the primary: it may write, it is someone's signed-in work, or it
    is a form's page (the admin, the sign-on), which reads back what was just sent."""
    return (request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES
            or TAKES_FORMS.match(request.path_info) is not None)


def written_position(request):
    """The WAL position this reader's last write left in its cookie (0 without one, or with one not written here)."""
    value = request.COOKIES.get(WRITTEN_COOKIE, "")
    return int(value, 16) if _COOKIE_POSITION.fullmatch(value) else 0


class ReplicaRoutingMiddleware:
    """Sends each anonymous reader's request to a replica that can serve it; leaves the WAL position after writes.

    Placed before the page cache: it reads the generation (from the primary, or from a replica
    when the primary does not answer) and leaves it on the request for the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reads_on_primary_only(request):
            response = self.get_response(request)
            # Only what takes forms writes (the admin, signing out, the sign-on); the API and reader pages never do.
            if (request.method not in ("GET", "HEAD", "OPTIONS") and TAKES_FORMS.match(request.path_info)
                    and response.status_code < 500):
                self._remember_position(response)
            return response
        alias = self._route(request)
        token = reading_alias.set(alias)
        try:
            return self.get_response(request)
        finally:
            reading_alias.reset(token)

    def _route(self, request):
        chosen = replicas()
        if chosen.primary_answers():
            try:
                generation = current_generation()
                needed = max(chosen.note_generation(generation.token.hex), written_position(request))
                chosen.check(needed)
            except DatabaseError as error:
                chosen.primary_failed(error)
            else:
                request.content_generation = generation
                return chosen.set.choose(needed, time.monotonic()) or DEFAULT_DB_ALIAS
        # The primary does not answer: any replica that does, with its own generation.
        chosen.check(0, primary_answers=False)
        alias = chosen.set.choose(0, time.monotonic(), primary_answers=False)
        if alias is None:
            return DEFAULT_DB_ALIAS
        reading = reading_alias.set(alias)
        try:
            request.content_generation = current_generation()
        except DatabaseError:
            return DEFAULT_DB_ALIAS
        finally:
            reading_alias.reset(reading)
        return alias

    @staticmethod
    def _remember_position(response):
        try:
            position = replicas().primary_position()
        except DatabaseError:
            return
        # As one hexadecimal number: PostgreSQL's "16/B374D848" would be quoted in a cookie.
        response.set_cookie(WRITTEN_COOKIE, f"{position:X}", max_age=WRITTEN_COOKIE_SECONDS,
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")

    def process_exception(self, request, exception):
        """A replica that fails mid-request: the reader's page is drawn again from the primary."""
        alias = reading_alias.get()
        # Only the replica's own failure: one of the primary's is answered by the 503 page (bayan/errors.py).
        if alias == DEFAULT_DB_ALIAS or not isinstance(exception, DatabaseError) or \
                not connections[alias].errors_occurred:
            return None
        replicas().failed_mid_request(alias, exception)
        match = request.resolver_match
        if match is None:
            return None
        reading_alias.set(DEFAULT_DB_ALIAS)
        response = match.func(request, *match.args, **match.kwargs)
        return response.render() if hasattr(response, "render") and not response.is_rendered else response
