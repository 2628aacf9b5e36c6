"""A primary and a streaming replica of Debian's PostgreSQL on loopback, with `bayan serve` routing between them.

Anonymous readers are served from the replica, everyone else from the primary; a change is
read from the primary until the replica has replayed it (cached pages included); a replica
lagging past the limit leaves the rotation and comes back once caught up; a replica that does
not answer or is not a replica is left out and said so; and when the primary stops, readers go
on being served from the replica while writes get the 503 page, until the replica is promoted
and the servers pointed at it, with nothing lost. The replica logs every statement, so the
tests see which database served a request. Run in the suite's PostgreSQL pass.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from bayan.tests.migrated_postgresql import restore_migrated
from bayan.tests.test_several_servers import environment, free_port, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.xdist_group("replicas"),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="runs in the suite's PostgreSQL pass"),
]
PROGRAMS = max(Path("/usr/lib/postgresql").glob("*/bin"), default=None, key=lambda path: int(path.parent.name))
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
MAX_LAG = 2
# Tables readers' pages read, as the replica logs their statements (the server's checks of it name none).
READER_TABLES = ("wagtailcore_page", "archives_listingentry", "newsroom_")


class Cluster:
    """The primary, its replica and the server in front of them, on ports of their own."""

    def __init__(self, folder):
        self.folder = folder
        self.primary_port, self.replica_port, self.server_port = free_port(), free_port(), free_port()
        self.data = folder / "site"
        self.server = None
        self.server_log = folder / "server.log"

    def url(self, port):
        return f"postgres://postgres@127.0.0.1:{port}/postgres"

    def sql(self, port, statement, *parameters):
        with psycopg.connect(self.url(port), autocommit=True) as connection:
            cursor = connection.execute(statement, parameters)
            return cursor.fetchall() if cursor.description else []

    def pg(self, program, *arguments):
        subprocess.run([*AS_POSTGRES, str(PROGRAMS / program), *arguments], check=True, capture_output=True,
                       timeout=120)

    def start_postgres(self, name, port, *options):
        self.pg("pg_ctl", "-D", str(self.folder / name), "-l", str(self.folder / f"{name}.log"), "-w", "-o",
                " ".join([f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1", *options]), "start")

    def replica_log(self):
        return (self.folder / "replica.log").read_text(errors="replace")

    def caught_up(self):
        """Wait until the replica has replayed everything the primary has written."""
        position = self.sql(self.primary_port, "SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + 30
        while not self.sql(self.replica_port, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", position)[0][0]:
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)

    def serve(self, database_url, replicas=""):
        self.stop_server()
        extra = {"BAYAN_REPLICA_URLS": replicas, "BAYAN_REPLICA_MAX_LAG_SECONDS": str(MAX_LAG)} if replicas else {}
        with open(self.server_log, "a") as log:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "bayan.cli", "serve", "--workers", "1", "--port", str(self.server_port)],
                env=environment(self.data, database_url, BAYAN_LOG_LEVEL="WARNING", **extra),
                stdout=log, stderr=log)
        wait_for(self.server_port, self.server)

    def stop_server(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def bayan(self, database_url, *arguments):
        result = subprocess.run([sys.executable, "-m", "bayan.cli", *arguments],
                                env=environment(self.data, database_url), capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr

    def publish(self, database_url, title, slug, tag):
        self.bayan(database_url, "shell", "-c",
                   "from bayan.newsroom.services import add_post\n"
                   f"add_post('en', {title!r}, slug={slug!r}, body='<p>{title}.</p>', tags=[{tag!r}])")

    def get(self, address, cookie=None, method="GET", port=None):
        headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
        request = urllib.request.Request(f"http://127.0.0.1:{port or self.server_port}{address}", headers=headers,
                                         method=method, data=b"" if method == "POST" else None)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", errors="replace")

    def read_on_replica(self, address, **options):
        """(whether the replica ran a reader page's statement for this request, the response)."""
        before = len(self.replica_log())
        answer = self.get(address, **options)
        time.sleep(0.2)
        logged = self.replica_log()[before:]
        return any(table in logged for table in READER_TABLES), answer


@pytest.fixture(scope="module")
def cluster():
    if PROGRAMS is None:
        pytest.skip("needs Debian's postgresql package (./run installs it)")
    folder = Path(tempfile.mkdtemp(prefix="bayan-replicas-"))
    if AS_POSTGRES:
        shutil.chown(folder, "postgres")
    started = Cluster(folder)
    try:
        started.pg("initdb", "-D", str(folder / "primary"), "-A", "trust", "-U", "postgres")
        started.start_postgres("primary", started.primary_port)
        # The suite's migrated database restored: `bayan demo` then finds nothing to migrate.
        restore_migrated(os.environ["DATABASE_URL"], started.url(started.primary_port), PROGRAMS)
        started.pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(started.primary_port), "-U", "postgres",
                   "-D", str(folder / "replica"), "-R", "-X", "stream", "-c", "fast")
        started.start_postgres("replica", started.replica_port, "-c log_statement=all")
        started.data.mkdir()
        started.bayan(started.url(started.primary_port), "demo", "--no-serve", "--stories", "8")
        started.caught_up()
        started.serve(started.url(started.primary_port), replicas=started.url(started.replica_port))
        yield started
    finally:
        started.stop_server()
        for name in ("primary", "replica"):
            subprocess.run([*AS_POSTGRES, str(PROGRAMS / "pg_ctl"), "-D", str(folder / name), "-m", "immediate",
                            "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def eventually(check, seconds=10):
    """``check()``'s first true answer within ``seconds`` (the server reads a replica's state twice a second)."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_anonymous_readers_are_served_from_the_replica_and_everyone_else_from_the_primary(cluster):
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0])
    on_replica, (status, _headers, _body) = cluster.read_on_replica("/en/?probe=reader")
    assert on_replica and status == 200
    # A signed-in editor (any session cookie), the admin, and a reader who has just written: the primary.
    on_replica, (status, _headers, _body) = cluster.read_on_replica("/en/?probe=editor", cookie="sessionid=x")
    assert not on_replica and status == 200
    assert not cluster.read_on_replica("/admin/login/")[0]
    on_replica, (status, _headers, _body) = cluster.read_on_replica("/en/?probe=writer",
                                                                    cookie="bayan_written=FFFFFFFF00000000")
    assert not on_replica and status == 200
    # A cookie that is not a WAL position is no reason to leave the replica.
    assert cluster.read_on_replica("/en/?probe=odd", cookie="bayan_written=<script>")[0]


def test_a_request_that_may_write_leaves_the_primary_s_position_for_its_sender(cluster):
    _status, headers, _body = cluster.get("/admin/login/", method="POST")
    cookie = next(value for value in headers.get_all("Set-Cookie") if value.startswith("bayan_written="))
    position = cookie.split(";")[0].split("=", 1)[1]
    written = f"{int(position, 16) >> 32:X}/{int(position, 16) & 0xFFFFFFFF:X}"
    assert cluster.sql(cluster.primary_port, "SELECT %s::pg_lsn <= pg_current_wal_lsn()", written)[0][0]
    # Once the replica has replayed it, that reader is back on the replica.
    cluster.caught_up()
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}",
                                                      cookie=f"bayan_written={position}")[0])


def test_a_publication_is_read_from_the_primary_until_the_replica_has_replayed_it_and_cached_only_so(cluster):
    link = 'href="/en/garnet-keepers/"'
    assert cluster.get("/en/")[0] == 200  # cached before the change
    cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        cluster.publish(cluster.url(cluster.primary_port), "Garnet keepers held", "garnet-keepers", "garnet")
        on_replica, (status, headers, body) = cluster.read_on_replica("/en/")
        assert status == 200 and link in body and not on_replica
        # Stored as built from the primary, and served again from the store.
        status, headers, body = cluster.get("/en/")
        assert headers["X-Bayan-Cache"] == "hit" and link in body
        on_replica, (status, _headers, _body) = cluster.read_on_replica("/en/garnet-keepers/")
        assert status == 200 and not on_replica
    finally:
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_resume()")
    cluster.caught_up()

    def served_from_replica_with_the_post():
        on_replica, (status, _headers, body) = cluster.read_on_replica(f"/en/tag/garnet/?probe={time.monotonic()}")
        return on_replica and status == 200 and link in body

    assert eventually(served_from_replica_with_the_post)


def test_a_replica_lagging_past_the_limit_leaves_the_rotation_until_it_catches_up(cluster):
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0])
    cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        # Something the primary writes that no reader sees: the generation stays, only the lag grows.
        cluster.sql(cluster.primary_port, "CREATE TABLE lag_probe (id int)")
        cluster.sql(cluster.primary_port, "DROP TABLE lag_probe")
        time.sleep(MAX_LAG + 1)
        assert not cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0]
        assert not cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0]
    finally:
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_resume()")
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0])
    log = cluster.server_log.read_text()
    assert f"Replica replica1: lags the primary by more than {MAX_LAG} s" in log
    assert "Replica replica1 answers again and serves readers" in log


def test_a_replica_that_does_not_answer_or_is_not_a_replica_is_left_out_and_said_so(cluster):
    primary = cluster.url(cluster.primary_port)
    cluster.serve(primary, replicas=f"{cluster.url(free_port())},{primary}")
    try:
        for address in ("/en/", "/ar/", "/en/feed/", "/en/search/?q=press"):
            assert cluster.get(address)[0] == 200
        log = cluster.server_log.read_text()
        assert "Replica replica1: does not answer" in log
        assert "Replica replica2: is not a replica" in log
    finally:
        cluster.serve(primary, replicas=cluster.url(cluster.replica_port))


def test_a_replica_that_stops_mid_request_has_the_page_drawn_from_the_primary(cluster):
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0])
    # Asked again at once, the server still counts the replica in (it checks it twice a second at most).
    cluster.pg("pg_ctl", "-D", str(cluster.folder / "replica"), "-m", "immediate", "stop")
    try:
        for number in range(5):
            assert cluster.get(f"/en/feed/?probe=gone{number}")[0] == 200
        log = cluster.server_log.read_text()
        # Which of the two depends on whether the server checked the replica between its stop and the request.
        assert "Replica replica1: failed mid-request" in log or "Replica replica1: does not answer" in log
    finally:
        cluster.start_postgres("replica", cluster.replica_port, "-c log_statement=all")
    cluster.caught_up()
    assert eventually(lambda: cluster.read_on_replica(f"/en/?probe={time.monotonic()}")[0])


class Load(threading.Thread):
    """Readers asking for pages, cached and not, until stopped; every answer's status kept."""

    ADDRESSES = ["/en/", "/ar/", "/en/tag/basalt/", "/en/basalt-reporters/", "/en/search/?q=basalt"]

    def __init__(self, cluster):
        super().__init__(daemon=True)
        self.cluster, self.statuses, self.stopping = cluster, [], threading.Event()

    def run(self):
        count = 0
        while not self.stopping.is_set():
            address = self.ADDRESSES[count % len(self.ADDRESSES)]
            if count % 2:
                address += ("&" if "?" in address else "?") + f"n={count}"
            try:
                self.statuses.append((address, self.cluster.get(address)[0]))
            except OSError as error:
                self.statuses.append((address, str(error)))
            count += 1

    def stop(self):
        self.stopping.set()
        self.join(timeout=60)
        return self.statuses


def test_when_the_primary_stops_readers_are_served_from_the_replica_and_after_promotion_nothing_is_lost(cluster):
    primary, replica = cluster.url(cluster.primary_port), cluster.url(cluster.replica_port)
    cluster.publish(primary, "Basalt reporters freed", "basalt-reporters", "basalt")
    cluster.caught_up()
    load = Load(cluster)
    load.start()
    time.sleep(1)
    cluster.pg("pg_ctl", "-D", str(cluster.folder / "primary"), "-m", "fast", "-w", "stop")
    time.sleep(2)
    status, _headers, body = cluster.get("/en/tag/basalt/?after=stop")
    assert status == 200 and 'href="/en/basalt-reporters/"' in body, cluster.server_log.read_text()[-3000:]
    # Anything that must write (here an editor's admin, which reads and writes the session) gets the 503 page.
    status, headers, body = cluster.get("/admin/", cookie="sessionid=x")
    assert status == 503 and headers["Retry-After"] and "Changes cannot be saved right now" in body
    statuses = load.stop()
    assert statuses and all(status == 200 for _address, status in statuses), \
        [answer for answer in statuses if answer[1] != 200][:5]
    assert "The primary database: does not answer" in cluster.server_log.read_text()

    # The runbook (docs/operations.md, Failover): promote the replica, point the servers at it.
    cluster.pg("pg_ctl", "-D", str(cluster.folder / "replica"), "-w", "promote")
    cluster.serve(replica)
    load = Load(cluster)
    load.start()
    cluster.publish(replica, "Slate printers released", "slate-printers", "basalt")
    time.sleep(1)
    statuses = load.stop()
    body = cluster.get("/en/tag/basalt/")[2]
    for slug in ("basalt-reporters", "slate-printers"):
        assert f'href="/en/{slug}/"' in body
    assert statuses and all(status == 200 for _address, status in statuses)
