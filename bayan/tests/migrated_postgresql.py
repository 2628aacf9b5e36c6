"""Migrated PostgreSQL databases for tests, copied from one migrated once per state of the code.

Migrating a new database takes some twenty-five seconds of processor time (Django renders its
migration states again and again), and the PostgreSQL pass needed four: one per worker for the
test database, one for the several-servers test, one for the replicas' primary. The server
copies a database in a fraction of a second (``CREATE DATABASE ... TEMPLATE``), so the first to
need one migrates a database named after the code (``bayan_migrated_<digest>``, the digest of
``data_dirs``), and every later one is a copy of it, or for another cluster its dump restored.
An advisory lock makes one process migrate while the others wait, and keeps copies apart from
each other (the server refuses to copy a database another session is reading).

`./run test` makes the template in the background while the SQLite pass runs
(``python -m bayan.tests.migrated_postgresql``), so the PostgreSQL pass finds it ready.
"""

import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors

from bayan.tests.data_dirs import code_digest, job_environment

TEMPLATE_PREFIX = "bayan_migrated_"
# pg_advisory_lock's key for making and copying the template ("bayan" in ASCII).
LOCK = 0x626179616E


def database_url(server_url, name):
    """``server_url`` with its database replaced by ``name``."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def template_name():
    """The migrated template's name for this state of the code."""
    return f"{TEMPLATE_PREFIX}{code_digest()}"


@contextmanager
def _locked(server_url):
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (LOCK,))
        try:
            yield connection
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (LOCK,))


def _exists(connection, name):
    return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def ensure_template(server_url):
    """The name of this code's migrated template on ``server_url``'s server, migrated now if missing."""
    name = template_name()
    with _locked(server_url) as connection:
        if not _exists(connection, name):
            _migrate_into(connection, server_url, name)
    return name


def _migrate_into(connection, server_url, name):
    building = f"bayan_migrating_{secrets.token_hex(4)}"
    connection.execute(f'CREATE DATABASE "{building}"')
    with tempfile.TemporaryDirectory(prefix="bayan-migrating-") as data_dir:
        environment = job_environment(data_dir) | {"DATABASE_URL": database_url(server_url, building)}
        done = subprocess.run([sys.executable, "-m", "bayan.cli", "migrate", "-v0"], env=environment,
                              capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        connection.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        raise RuntimeError(f"`bayan migrate` into {building} failed:\n{done.stderr[-3000:]}")
    connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    # Templates of other states of the code, left by earlier runs on this server; one another run is copying
    # or reading now is left alone.
    for (old,) in connection.execute("SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                                     (f"{TEMPLATE_PREFIX}%", name)).fetchall():
        try:
            connection.execute(f'DROP DATABASE IF EXISTS "{old}"')
        except errors.ObjectInUse:
            continue


def new_migrated_database(server_url, name):
    """A new database ``name`` on ``server_url``'s server, as `bayan migrate` leaves a new one."""
    template = ensure_template(server_url)
    with _locked(server_url) as connection:
        for attempt in range(20):
            try:
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return name
            except errors.ObjectInUse:  # a session outside this lock reads the template (psql, say)
                time.sleep(0.25 * (attempt + 1))
    raise RuntimeError(f"{template} stayed in use: {name} could not be copied from it")


def restore_migrated(server_url, target_url, programs):
    """The migrated template's tables and rows restored into the empty database at ``target_url``.

    For a cluster of its own (the replicas' primary), which cannot copy another server's
    database: ``pg_dump`` and ``psql`` from ``programs`` (the server's own version).
    """
    template = ensure_template(server_url)
    with _locked(server_url):
        dump = subprocess.run([str(programs / "pg_dump"), "--no-owner", "--no-privileges", "-d",
                               database_url(server_url, template)], capture_output=True, check=True, timeout=300)
    subprocess.run([str(programs / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", target_url], input=dump.stdout,
                   capture_output=True, check=True, timeout=300)


if __name__ == "__main__":
    # `./run test` starts this while the SQLite pass runs: python -m bayan.tests.migrated_postgresql URL
    print(ensure_template(sys.argv[1]))
