"""Every kind of reader page passes axe-core at WCAG 2.1 AA, and keyboard focus shows, in both languages.

The pages are the demo's, served as `./run demo` serves them, seen by Debian's chromium.
"""

import os
from urllib.parse import quote

import pytest

from bayan.tests.browser import AXE_SCRIPT, axe_violations, described

# One worker builds and serves the demo for every browser test that reads it.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

BIG_TAG = {"en": "arresting-activists", "ar": quote("اعتقال-الناشطين")}
SEARCH_WITH_RESULTS = {"en": "detained journalists", "ar": "الصحفيين المعتقلين"}
# Where each kind of page is, in a language; the post and the month are found on the big tag's page 3.
FIXED_ADDRESSES = {
    "home": "/{language}/",
    "archive page 3": "/{language}/tag/{tag}/page/3/",
    "tag index": "/{language}/tag/",
    "category index": "/{language}/category/",
    "author index": "/{language}/author/",
    "subscribe": "/{language}/subscribe/",
    "search with results": "/{language}/search/?q={query}",
    "not found": "/{language}/no-such-page-in-the-demo/",
    "persons index": "/{language}/person/?status=detained",
    "anniversaries": "/{language}/anniversaries/",
    "organisation index": "/{language}/organisation/",
}
PAGE_KINDS = [*FIXED_ADDRESSES, "post", "month archive", "person", "organisation", "joint statement"]
# A phone's screen too: the header folds differently there, and what folds can hide a problem.
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
FOCUSABLE = "a[href], input:not([type=hidden]), button, select, textarea, summary"


def address_of(kind, language, demo, page):
    """Where the demo shows a page of that kind in that language."""
    if kind in FIXED_ADDRESSES:
        return FIXED_ADDRESSES[kind].format(
            language=language, tag=BIG_TAG[language], query=quote(SEARCH_WITH_RESULTS[language])
        )
    if kind == "person":
        # The first detained person of the index: their page has a timeline and days deprived of liberty.
        page.goto(demo + address_of("persons index", language, demo, page))
        return page.locator("main .person-row-name a").first.get_attribute("href")
    if kind in ("organisation", "joint statement"):
        # The organisation that signed the most (from the open data); its newest statement ends with the signatories.
        listed = page.request.get(demo + "/open-data/organisations.json").json()["organisations"]
        busiest = max(listed, key=lambda organisation: organisation["statements_signed"])
        address = "/" + busiest["url"][language].split("/", 3)[3]
        if kind == "organisation":
            return address
        page.goto(demo + address)
        return page.locator("main .organisation-statements .entry-title a").first.get_attribute("href")
    page.goto(demo + address_of("archive page 3", language, demo, page))
    first_entry = page.locator("main article.entry").first
    if kind == "post":
        return first_entry.locator(".entry-title a").get_attribute("href")
    year, month = first_entry.locator("time").get_attribute("datetime")[:7].split("-")
    return f"/{language}/{year}/{month}/"


@pytest.fixture(params=[SCREENS["desktop"]], ids=["desktop"])
def reader(browser, request):
    """A fresh tab on a screen of the size the test asks for (a desktop one unless it says otherwise)."""
    if not AXE_SCRIPT.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE_SCRIPT} is missing; ./run test installs it (npm ci)")
        pytest.skip(f"{AXE_SCRIPT} is not installed: ./run test installs it, or run `npm ci --ignore-scripts`")
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("reader", SCREENS.values(), ids=SCREENS.keys(), indirect=True)
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_the_page_has_no_wcag_21_aa_violation(reader, demo_site, kind, language):
    response = reader.goto(demo_site + address_of(kind, language, demo_site, reader))
    assert response.status == (404 if kind == "not found" else 200)
    assert reader.locator("html").get_attribute("lang") == language
    if kind == "search with results":
        assert reader.locator("main article.entry").count() > 0, "the search found nothing to check"
    violations = axe_violations(reader)
    assert not violations, f"{kind} ({language}) breaks WCAG 2.1 AA:\n{described(violations)}"


def focus_indicator(page):
    """What the focused element is and how its focus is drawn (outline, or a ring made with box-shadow)."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                type: element.getAttribute("type"),
                label: (element.textContent || element.getAttribute("aria-label") || element.name || "").trim(),
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth),
                boxShadow: style.boxShadow,
            };
        }"""
    )


def visibly_focused(indicator):
    """A focus ring a sighted keyboard user can see: an outline at least 2px wide, or a box-shadow ring."""
    outlined = indicator["outlineStyle"] not in ("none", "hidden") and indicator["outlineWidth"] >= 2
    return outlined or indicator["boxShadow"] not in ("", "none")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_keyboard_focus_is_visible_on_links_and_the_search_field(reader, demo_site, language):
    reader.goto(demo_site + address_of("search with results", language, demo_site, reader))
    stops = reader.locator(FOCUSABLE).count()
    seen = []
    for _ in range(stops):
        reader.keyboard.press("Tab")
        indicator = focus_indicator(reader)
        if indicator["tag"] == "body":
            break
        seen.append(indicator)
    unseen = [indicator for indicator in seen if not visibly_focused(indicator)]
    assert not unseen, f"focus does not show on: {unseen}"
    assert any(indicator["tag"] == "a" for indicator in seen), "Tab reached no link"
    assert any(indicator["tag"] == "input" and indicator["type"] == "search" for indicator in seen), (
        "Tab never reached the search field"
    )
