"""Fixtures shared by every app's tests: the browser for the reader tests."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a browser Playwright downloads itself)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; ./run test installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop running in this thread; the ORM calls the
    # tests make alongside it are still plain synchronous calls, so Django's guard is lifted here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    # Playwright gives each launch a new, empty profile of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
