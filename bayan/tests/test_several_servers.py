"""Two `bayan serve` process groups on one PostgreSQL database, behind nginx, one of them through pgbouncer.

They share nothing but the database (each has a data directory of its own): a post published
by another process shows on both at once, on the home page, its tag's page and in search,
through nginx too, and once unpublished it is gone from all of them, though each server had
cached its pages and read its search sets before. The nginx and pgbouncer configurations are
the documented ones (docs/examples/), filled in for loopback. Run in the suite's PostgreSQL pass.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from bayan.tests.browser import NOT_PASSED_TO_THE_DEMO
from bayan.tests.migrated_postgresql import database_url, new_migrated_database

SERVER = os.environ.get("DATABASE_URL", "")
EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not SERVER.startswith("postgres"), reason="needs the PostgreSQL server of the suite's run"),
    pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("pgbouncer")),
                       reason="needs Debian's nginx and pgbouncer (./run installs them)"),
]
TITLE = "Zeolite watchers held"
# Every listing links the post; search results mark the words found inside its title.
LINK = 'href="/en/zeolite-watchers/"'


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir, database_url, **extra):
    found = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    found.update(BAYAN_DATA_DIR=str(data_dir), DATABASE_URL=database_url, BAYAN_SECRET_KEY="several-servers-" * 4,
                 BAYAN_ADMIN_PASSWORD="not-asked", **extra)
    return found


def bayan(data_dir, database_url, *arguments):
    result = subprocess.run([sys.executable, "-m", "bayan.cli", *arguments], env=environment(data_dir, database_url),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def filled(template, folder, **names):
    text = (EXAMPLES / template).read_text()
    for name, value in {"FOLDER": folder, **names}.items():
        text = text.replace(f"@{name}@", str(value))
    path = folder / template
    path.write_text(text)
    return path


def wait_for(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the process for port {port} ended"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


def page(port, address):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{address}", headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture
def site_database():
    # Migrated already: a copy of the suite's migrated template (`bayan demo` then finds nothing to migrate).
    name = new_migrated_database(SERVER, f"bayan_servers_{secrets.token_hex(4)}")
    yield name
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Started(list):
    """Processes started by a test (and folders it made outside its own), in order."""

    def __init__(self):
        super().__init__()
        self.folders = []


@pytest.fixture
def running():
    """What the test starts, stopped (and removed) at its end whatever happens."""
    started = Started()
    yield started
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    for folder in started.folders:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_publication_shows_on_every_server_at_once_and_an_unpublication_leaves_none(tmp_path, site_database,
                                                                                         running):
    direct = database_url(SERVER, site_database)
    first, second = tmp_path / "first", tmp_path / "second"
    bayan(first, direct, "demo", "--no-serve", "--stories", "8")
    shutil.copytree(first, second)
    # pgbouncer will not run as root: the postgres account runs it, as it runs the test cluster, from a
    # folder of its own (pytest's folders are its owner's alone).
    folder = Path(tempfile.mkdtemp(prefix="bayan-pooler-"))
    running.folders.append(folder)
    (folder / "users.txt").write_text('"postgres" ""\n')
    pooler_port, first_port, second_port, proxy_port = (free_port() for _ in range(4))
    config = filled("pgbouncer.ini", folder, DATABASE=site_database, SERVER_PORT=direct.rsplit(":", 1)[1].split("/")[0],
                    PORT=pooler_port)
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
    running.append(subprocess.Popen([*as_postgres, "pgbouncer", str(config)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL))
    wait_for(pooler_port, running[-1])
    pooled = f"postgres://postgres@127.0.0.1:{pooler_port}/{site_database}"
    serve = [sys.executable, "-m", "bayan.cli", "serve", "--workers", "1"]
    running.append(subprocess.Popen([*serve, "--port", str(first_port)], env=environment(first, direct),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    running.append(subprocess.Popen([*serve, "--port", str(second_port), "--no-scheduler"],
                                    env=environment(second, pooled, BAYAN_TRANSACTION_POOLER="true"),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    proxy = filled("nginx-several-servers.conf", tmp_path, FIRST_PORT=first_port, SECOND_PORT=second_port,
                   PORT=proxy_port)
    running.append(subprocess.Popen(["nginx", "-c", str(proxy), "-p", str(tmp_path), "-g", "daemon off;"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for port, process in ((first_port, running[1]), (second_port, running[2]), (proxy_port, running[3])):
        wait_for(port, process)
    addresses = ["/en/", "/en/tag/zeolite/", "/en/search/?q=zeolite"]
    names = {first_port: "the first server", second_port: "the second server (pooled)", proxy_port: "nginx"}
    servers = [first_port, second_port]
    # Each server caches its pages and reads its search sets before the change.
    for port in servers:
        for address in addresses:
            for _ in range(2):
                page(port, address)

    bayan(first, direct, "shell", "-c",
          "from bayan.newsroom.services import add_post\n"
          f"add_post('en', {TITLE!r}, slug='zeolite-watchers', body='<p>Zeolite watchers, held.</p>', "
          "tags=['zeolite'])")
    for port in [*servers, proxy_port, proxy_port]:
        for address in addresses:
            status, body = page(port, address)
            assert status == 200 and LINK in body, (names[port], address, status)
        assert page(port, "/en/zeolite-watchers/")[0] == 200

    bayan(first, direct, "shell", "-c",
          "from bayan.newsroom.models import PostPage\nPostPage.objects.get(slug='zeolite-watchers').unpublish()")
    for port in [*servers, proxy_port, proxy_port]:
        assert LINK not in page(port, "/en/")[1]
        assert LINK not in page(port, "/en/search/?q=zeolite")[1]
        assert page(port, "/en/zeolite-watchers/")[0] == 404
        # The tag lists nothing a reader may see any more: not a page at all.
        assert page(port, "/en/tag/zeolite/")[0] == 404
