"""A PostgreSQL cluster of Debian's packages for the benchmarks, kept under /tmp/bayan-bench between runs.

    url = cluster(bench, WORK / "postgresql")   # started (created first when missing), stopped with the bench

It runs on loopback with the server's defaults but for durability (``fsync=off``,
``synchronous_commit=off``: a benchmark's database is rebuilt rather than recovered), so an
import takes seconds, not minutes, and reads are measured as a production server would serve
them. As root (initdb refuses root), the cluster belongs to the ``postgres`` account.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from debian import ensure_packages

PORT = 5433
REPLICA_PORT = 5434


def _programs():
    ensure_packages("postgresql-15")
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
    if not found:
        sys.exit("PostgreSQL's programs are not under /usr/lib/postgresql (Debian package postgresql-15)")
    return found[-1]


def _as_owner():
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def cluster(bench, home, port=PORT):
    """The address (``postgres://``) of the cluster kept in ``home``, started for this run and stopped with
    ``bench``."""
    programs = _programs()
    data = home / "data"
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(home, "postgres")
        subprocess.run([*_as_owner(), programs / "initdb", "-D", data, "-A", "trust", "-U", "postgres"],
                       check=True, stdout=subprocess.DEVNULL)
    status = subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "status"], stdout=subprocess.DEVNULL)
    if status.returncode == 0:
        # Left running by an interrupted run: stopped, so that this run starts it with its own settings.
        subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-m", "fast", "stop"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-l", home / "server.log", "-w", "-o",
                    f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                    "start"], check=True, stdout=subprocess.DEVNULL)
    bench.cleanups.append(lambda: subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-m", "fast",
                                                  "stop"], check=False, stdout=subprocess.DEVNULL))
    time.sleep(0.2)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def replica(bench, home, port=REPLICA_PORT):
    """The address of a streaming replica of the cluster on ``PORT``, made afresh in ``home`` (``pg_basebackup``,
    as docs/operations.md's Read replicas has it), started with the same settings, caught up, and stopped with
    ``bench``."""
    programs = _programs()
    data = home / "data"
    subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-m", "immediate", "stop"], check=False,
                   capture_output=True)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    subprocess.run([*_as_owner(), programs / "pg_basebackup", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres",
                    "-D", data, "-R", "-X", "stream", "-c", "fast"], check=True)
    subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-l", home / "server.log", "-w", "-o",
                    f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                    "start"], check=True, stdout=subprocess.DEVNULL)
    bench.cleanups.append(lambda: subprocess.run([*_as_owner(), programs / "pg_ctl", "-D", data, "-m", "fast",
                                                  "stop"], check=False, stdout=subprocess.DEVNULL))
    _caught_up(programs, port)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def _caught_up(programs, port, seconds=60):
    """Wait until the replica on ``port`` has replayed what the primary had written when asked."""
    def value(on_port, statement):
        return subprocess.run([*_as_owner(), programs / "psql", "-h", "127.0.0.1", "-p", str(on_port), "-U",
                               "postgres", "-d", "postgres", "-Atq", "-c", statement], check=True,
                              capture_output=True, text=True).stdout.strip()

    target = value(PORT, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + seconds
    while value(port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
        if time.monotonic() > deadline:
            sys.exit(f"the replica on port {port} did not replay the primary's {target} within {seconds} s")
        time.sleep(0.2)


def _psql(database, statement):
    """``statement`` run by psql in ``database`` of the cluster on ``PORT``."""
    subprocess.run([*_as_owner(), _programs() / "psql", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres",
                    "-d", database, "-q", "-c", statement], check=True)


def fresh_database(url, name):
    """``url`` (the cluster's) with the database ``name``, dropped and made again (empty)."""
    for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        _psql("postgres", statement)
    return url.rsplit("/", 1)[0] + f"/{name}"


def settle(url):
    """``VACUUM (ANALYZE)`` of the database at ``url``: what autovacuum does on a running site after a big write.

    An import or a search rebuild leaves tables to vacuum and statistics to gather; measured at once,
    autovacuum ran beside the first page kinds (single posts at 0.51 of SQLite in such a run, 0.77 in the
    next one, settled first).
    """
    _psql(url.rsplit("/", 1)[1], "VACUUM (ANALYZE)")
