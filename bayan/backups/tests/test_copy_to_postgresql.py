"""`bayan copy-to-postgresql`: a SQLite site moved into an empty PostgreSQL database, every row and page the same.

Run in the suite's PostgreSQL pass (it needs a server): a small demo site is built on SQLite
in a process of its own, copied into a new database on the test run's server, and the two are
compared table by table and page by page, each served by the real site code.
"""

import json
import os
import secrets
import subprocess
import sys

import psycopg
import pytest

from bayan.tests.browser import NOT_PASSED_TO_THE_DEMO
from bayan.tests.data_dirs import migrated_data_dir
from bayan.tests.migrated_postgresql import database_url

SERVER = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not SERVER.startswith("postgres"),
                       reason="needs the PostgreSQL server of the suite's PostgreSQL run"),
    # On one worker, so that the site every test copies from is built once.
    pytest.mark.xdist_group("copy-to-postgresql"),
]

# Asked of both copies through Django's test client; nonces and cursors aside, the answers must be the same bytes.
PAGES = """
import hashlib, json, re
from django.test import Client
from bayan.newsroom.models import PostPage, Tag
from bayan.cases.models import Person
post = PostPage.objects.live().order_by("pk").first()
tag = Tag.objects.filter(locale__language_code="en").order_by("pk").first()
person = Person.objects.order_by("pk").first()
addresses = ["/en/", "/ar/", "/en/page/2/", f"/en/tag/{tag.slug}/", post.reader_path(), "/en/feed/",
             "/sitemap.xml", "/en/person/", "/en/organisation/", "/api/v1/posts/", "/api/v1/persons/"]
client = Client(HTTP_HOST="127.0.0.1")
found = {}
for address in addresses:
    response = client.get(address, follow=True)
    # Nonces, and the API's cursors (signed with the time), differ between any two answers.
    body = re.sub(rb'nonce="[^"]*"|(cursor=|"next_cursor": ?")[^"&]*', rb"\1", response.content)
    found[address] = [response.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps(found))
"""


def bayan(data_dir, *arguments, database_url=None):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment.update(BAYAN_DATA_DIR=str(data_dir), BAYAN_PAGE_CACHE="false", BAYAN_ADMIN_PASSWORD="not-asked")
    if database_url:
        environment["DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, "-m", "bayan.cli", *arguments], env=environment, capture_output=True,
                          text=True, timeout=600)


def _last_line(output):
    # The shell prints what it imported before the script's own line.
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def empty_database():
    """The address of a new, empty database on the test run's server (dropped afterwards)."""
    name = f"bayan_copy_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield database_url(SERVER, name)
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """The data directory of a small demo site on SQLite, built once for the module (its tests only read it)."""
    data_dir = migrated_data_dir(tmp_path_factory.mktemp("sqlite-site"))
    built = bayan(data_dir, "demo", "--no-serve", "--stories", "12")
    assert built.returncode == 0, built.stderr
    return data_dir


def test_a_sqlite_site_is_copied_row_for_row_and_serves_the_same_pages(sqlite_site, empty_database):
    copied = bayan(sqlite_site, "copy-to-postgresql", empty_database)
    assert copied.returncode == 0, copied.stderr
    assert "compared every row: the same" in copied.stdout
    on_sqlite = bayan(sqlite_site, "shell", "-c", PAGES)
    on_postgresql = bayan(sqlite_site, "shell", "-c", PAGES, database_url=empty_database)
    assert on_sqlite.returncode == 0, on_sqlite.stderr
    assert on_postgresql.returncode == 0, on_postgresql.stderr
    pages = _last_line(on_sqlite.stdout)
    assert all(status == 200 for status, _digest in pages.values()), pages
    assert _last_line(on_postgresql.stdout) == pages
    # A second copy into the same database is refused: it is not empty any more, and nothing is overwritten.
    again = bayan(sqlite_site, "copy-to-postgresql", empty_database)
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "not empty" in again.stderr


@pytest.mark.parametrize(("address", "message"), [
    ("sqlite:///elsewhere.sqlite3", "is not a PostgreSQL address"),
    ("postgres://postgres:hidden-word@127.0.0.1:1/nothing", "does not answer"),
    ("not an address", "is not a database address"),
])
def test_a_wrong_target_is_named_without_a_traceback(sqlite_site, address, message):
    result = bayan(sqlite_site, "copy-to-postgresql", address)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    # A password in the address is never repeated.
    assert "hidden-word" not in result.stderr
