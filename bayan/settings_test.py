"""Settings for the test suite: the real settings, with speed-ups that change no behaviour under test."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("BAYAN_SECRET_KEY", "test-only-key-" + "k" * 40)
if "BAYAN_DATA_DIR" not in os.environ:
    os.environ["BAYAN_DATA_DIR"] = tempfile.mkdtemp(prefix="bayan-test-")
    atexit.register(shutil.rmtree, os.environ["BAYAN_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("BAYAN_MANIFEST_STATIC", "false")

from bayan.settings import *  # noqa: E402,F403
from bayan.settings import STATIC_ROOT  # noqa: E402 (named: the line below uses it)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# WhiteNoise warns on every request when the static root is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The page cache changes generation when transactions commit; most tests run inside one
# transaction that never commits, so only the cache's own tests (which commit) turn it on.
BAYAN_PAGE_CACHE = False
BAYAN_SEARCH_CACHE = False

# SQLite's tests run in an in-memory database per test process, as Django's default makes them. Said
# outright: pytest-django recognises SQLite by Django's engine name only, and would otherwise give each
# xdist worker a file named after Bayan's engine's database path.
if DATABASES["default"]["ENGINE"] == "bayan.engines.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
