"""A detained person's page in Arabic, in a real browser: right to left, in Arabic, with its timeline and chart."""

import re
from urllib.parse import urlparse

import pytest

# One worker builds and serves the demo for every browser test that reads it.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def arabic_reader(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_detained_persons_page_reads_right_to_left_in_arabic(arabic_reader, demo_site, screenshots):
    page = arabic_reader
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    assert page.goto(f"{demo_site}/ar/person/?status=detained").status == 200
    assert page.locator("figure.persons-chart svg[role=img]").count() == 1
    page.locator("main .person-row-name a").first.click()
    page.wait_for_load_state()
    page.screenshot(path=screenshots / "person-ar.png", full_page=True)

    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert ARABIC_LETTERS.search(page.locator("h1").inner_text())
    status = page.locator(".person-status")
    assert ARABIC_LETTERS.search(status.locator(".status-sentence").inner_text())
    assert re.search(r"\d", status.locator(".status-days").inner_text())
    events = page.locator("ol.timeline > li")
    assert events.count() >= 1
    assert ARABIC_LETTERS.search(events.first.locator(".timeline-when").inner_text())
    # The timeline's line runs down the right side: each event's text starts left of it.
    line = page.locator("ol.timeline").bounding_box()
    text = events.first.locator(".timeline-what").bounding_box()
    assert text["x"] + text["width"] <= line["x"] + line["width"]
    assert page.locator("script[type='application/ld+json']").count() >= 1
    assert hosts == {urlparse(demo_site).netloc}, f"requests left the site: {hosts}"

    # The language switcher leads to the same person in English.
    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert re.search(r"/en/person/[^/]+/$", page.url)
