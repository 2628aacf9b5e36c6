"""Data directories for tests that run `bayan` jobs in processes of their own, on SQLite there.

Migrating a new SQLite database takes some twenty seconds on two cores, and several such tests
need one (the demo site the browser tests read, the copy to PostgreSQL, the WordPress imports).
``migrated_data_dir`` migrates once per state of the code, with `bayan migrate` on a new data
directory, and copies the result: a test run on a fresh machine migrates from nothing once,
and `bayan demo` or `bayan import-wxr` then find nothing left to migrate. Each test process's
in-memory test database starts as a copy of the same migrated database
(``copy_migrated_into_the_test_database``), and `./run test` makes it before the suite starts.
"""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

NOT_PASSED_TO_JOBS = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "BAYAN_SECRET_KEY", "BAYAN_SECRET_KEY_FILE")
CACHE_PREFIX = "bayan-migrated-"
# Migrated directories of other states of the code older than this are removed when a new one is made.
KEPT_SECONDS = 24 * 3600


def job_environment(data_dir):
    """The environment of a `bayan` job with a data directory of its own: SQLite there, production settings."""
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_JOBS}
    environment["BAYAN_DATA_DIR"] = str(data_dir)
    return environment


def code_digest():
    """A digest of Bayan's code but its tests: migrations, and what runs after them (post_migrate handlers)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if "tests" in relative.parts:
            continue
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _remove_old_copies(kept):
    for folder in Path(tempfile.gettempdir()).glob(f"{CACHE_PREFIX}*"):
        try:
            if folder != kept and time.time() - folder.stat().st_mtime > KEPT_SECONDS:
                if folder.is_dir():
                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    folder.unlink()  # an older state's lock
        except OSError:
            continue  # removed by another run meanwhile


def migrated_cache():
    """The folder holding this state of the code's migrated data directory, migrated now when missing.

    One process migrates at a time (a lock beside the folder): the others wait and copy it.
    """
    cache = Path(tempfile.gettempdir()) / f"{CACHE_PREFIX}{code_digest()}"
    if (cache / "bayan.sqlite3").exists():
        return cache
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache / "bayan.sqlite3").exists():
            building = Path(tempfile.mkdtemp(prefix="bayan-migrating-"))
            done = subprocess.run([sys.executable, "-m", "bayan.cli", "migrate", "-v0"], env=job_environment(building),
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                shutil.rmtree(building, ignore_errors=True)
                raise RuntimeError(f"`bayan migrate` into a new data directory failed:\n{done.stderr[-3000:]}")
            building.rename(cache)
            _remove_old_copies(cache)
    return cache


def migrated_data_dir(destination):
    """The data directory ``destination`` (made, or filled if empty) exactly as `bayan migrate` leaves a new one."""
    if (Path(destination) / "bayan.sqlite3").exists():
        raise FileExistsError(f"{destination} already holds a database: only a new data directory is filled")
    shutil.copytree(migrated_cache(), destination, dirs_exist_ok=True)
    return Path(destination)


# Connections that keep the in-memory test databases alive: such a database lives while one is open.
_kept_open = []


def copy_migrated_into_the_test_database(connection):
    """Make Django's in-memory SQLite test database start as a copy of the migrated one.

    Django then runs `migrate` on it, which finds nothing to do: each test process saves the
    twenty seconds of migrating, and the migrated copy is made once per state of the code.
    """
    creation = connection.creation
    create = creation._create_test_db

    def created_as_migrated(verbosity=1, autoclobber=False, keepdb=False):
        name = create(verbosity, autoclobber, keepdb)
        if creation.is_in_memory_db(name):
            target = sqlite3.connect(name, uri=True)
            with closing(sqlite3.connect(migrated_cache() / "bayan.sqlite3")) as source:
                source.backup(target)
            _kept_open.append(target)
        return name

    creation._create_test_db = created_as_migrated


if __name__ == "__main__":
    # `./run test` starts this before the suite: python -m bayan.tests.data_dirs
    print(migrated_cache())
