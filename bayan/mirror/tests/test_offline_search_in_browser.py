"""The copy's search as a reader uses it: the demo exported, opened from the disk, searched in both languages.

Counts are the live site's, facets and chips narrow as on the site, a result leads to its page in
the copy, a reader without JavaScript is told how to browse instead, and the page passes axe-core.
"""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest

from bayan.tests.browser import NOT_PASSED_TO_THE_DEMO, axe_violations, described

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

QUERY = {"en": "detained journalists", "ar": "الصحفيين المعتقلين"}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def bayan(demo_files, *arguments):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment["BAYAN_DATA_DIR"] = str(demo_files)
    done = subprocess.run([sys.executable, "-m", "bayan.cli", *arguments], env=environment, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def copy(demo_site, demo_files):
    """The demo exported into a folder, as ``file://`` address of its root."""
    keys, folder = demo_files / "search-copy-keys", demo_files / "search-copy"
    if not (keys / "bayan-mirror.key").exists():
        bayan(demo_files, "mirror", "keygen", str(keys))
    bayan(demo_files, "mirror", "export", str(folder), "--base-url", "https://copy.example.org",
          "--key", str(keys / "bayan-mirror.key"))
    return folder.as_uri()


@pytest.fixture
def open_page(browser):
    contexts = []

    def opened(address, viewport=WIDE, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(address)
        if javascript and address.startswith("file:") and "?q=" in address:
            page.wait_for_selector("html[data-search-done]", state="attached")
            assert page.get_attribute("html", "data-search-done") == "true"
        return page

    yield opened
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_search_from_the_disk_counts_what_the_site_counts_and_leads_to_the_copys_pages(
        open_page, copy, demo_site, language):
    live = open_page(f"{demo_site}/{language}/search/?q={quote(QUERY[language])}")
    page = open_page(f"{copy}/{language}/search/index.html?q={quote(QUERY[language])}")
    assert page.inner_text(".search-count") == live.inner_text(".search-count")
    entries = ".search-results article.entry"
    assert page.locator(entries).count() == live.locator(entries).count()
    assert page.locator("#search-q").input_value() == QUERY[language]
    assert page.locator(".search-results mark").count() > 0
    first = page.locator(".search-results .entry-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(copy) and page.url.endswith("/index.html")
    assert page.locator("h1").first.inner_text().replace("…", "").strip()[:20] in title.replace("…", "")


def test_a_facet_narrows_the_results_and_its_chip_removes_it(open_page, copy):
    page = open_page(f"{copy}/ar/search/index.html?q={quote(QUERY['ar'])}")
    facet = page.locator(".search-facets .facet").nth(3).locator("a").first  # the first tag
    count = int(facet.locator(".count").inner_text())
    facet.click()
    page.wait_for_selector("html[data-search-done]", state="attached")
    assert "tag=" in page.url
    assert page.locator(".search-chips .chip").count() == 1
    assert str(count) in page.inner_text(".search-count")
    page.locator(".search-chips .chip").click()
    page.wait_for_selector("html[data-search-done]", state="attached")
    assert "tag=" not in page.url


def test_close_spellings_are_listed_under_their_own_heading(open_page, copy, demo_site):
    live = open_page(f"{demo_site}/en/search/?q=zaitouneh")
    page = open_page(f"{copy}/en/search/index.html?q=zaitouneh")
    assert page.inner_text(".search-count") == live.inner_text(".search-count")


def test_without_javascript_the_page_says_so_and_links_to_the_archives(open_page, copy):
    page = open_page(f"{copy}/en/search/index.html?q=journalists", javascript=False)
    text = page.inner_text("#offline-search")
    assert "JavaScript" in text
    assert page.locator("#offline-search a").count() == 3


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_results_page_passes_axe_and_fits_a_phone(open_page, copy, language):
    page = open_page(f"{copy}/{language}/search/index.html?q={quote(QUERY[language])}", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], "\n".join(described(violations))
