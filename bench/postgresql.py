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
