"""Fixtures shared by every app's tests: the default language, a browser, the demo newsroom served as in production."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request served in Arabic leaves Arabic active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
@pytest.fixture
def editor_client(client, django_user_model):
    """A test client signed in as an administrator of the admin (a superuser with a name and an address)."""
    user = django_user_model.objects.create_superuser("carol", "carol@example.invalid", "correct horse battery")
    client.force_login(user)
    return client


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a browser Playwright downloads itself).

    Module-scoped: Playwright's synchronous API keeps an event loop running in this
    thread while it is open, which Django's database layer would take for async code
    in the tests that follow.
    """
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; ./run test installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright gives each launch a new, empty profile of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo newsroom, made by `bayan demo` in a data directory of its own and served by `bayan serve`.

    Nothing is shared with the test database: this is what `./run demo` gives a reader.
    """
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "BAYAN_SECRET_KEY", "BAYAN_SECRET_KEY_FILE")
    }
    environment.update(BAYAN_DATA_DIR=str(tmp_path_factory.mktemp("demo")), BAYAN_ADMIN_PASSWORD="demo-password-1234")
    bayan = [sys.executable, "-m", "bayan.cli"]
    subprocess.run([*bayan, "demo", "--no-serve"], env=environment, check=True, capture_output=True, timeout=600)
    port = free_port()
    server = subprocess.Popen(
        [*bayan, "serve", "--port", str(port), "--workers", "1", "--no-scheduler"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/en/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the demo server did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
