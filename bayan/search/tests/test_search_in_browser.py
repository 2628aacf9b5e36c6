"""Search as a reader's browser shows it: the header box without JavaScript, facets folded on a phone and beside
the results on a wide screen, in both directions, and nothing wider than a phone's screen."""

from urllib.parse import quote, unquote

import pytest

# One worker builds and serves the demo for every browser test that reads it.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
QUERY = {"en": "detained journalists", "ar": "الصحفيين المعتقلين"}


@pytest.fixture
def open_page(browser):
    """Opens an address on a screen of the given size, with or without JavaScript; closes every tab at the end."""
    contexts = []

    def opened(address, viewport, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(address)
        return page

    yield opened
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_header_box_searches_without_javascript(open_page, demo_site, language):
    page = open_page(f"{demo_site}/{language}/tag/", PHONE, javascript=False)
    box = page.locator(".site-header input[type=search]")
    box.fill(QUERY[language])
    box.press("Enter")
    page.wait_for_load_state()
    assert unquote(page.url).startswith(f"{demo_site}/{language}/search/?q=")
    assert page.locator("main article.entry").count() > 0
    assert page.locator(".site-header input[type=search]").input_value() == QUERY[language]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_facets_are_folded_and_nothing_is_wider_than_the_screen(open_page, demo_site, language):
    page = open_page(f"{demo_site}/{language}/search/?q={quote(QUERY[language])}", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first_value = page.locator(".search-facets .facet a").first
    assert not first_value.is_visible()
    page.locator(".search-facets > summary").click()
    assert first_value.is_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_wide_screen_the_facets_stand_beside_the_results_at_the_start_side(open_page, demo_site, language):
    page = open_page(f"{demo_site}/{language}/search/?q={quote(QUERY[language])}", WIDE)
    assert not page.locator(".search-facets > summary").is_visible()
    facets = page.locator(".search-facets .facet").first.bounding_box()
    results = page.locator(".search-results").bounding_box()
    assert page.locator(".search-facets .facet a").first.is_visible()
    # Side by side, their tops level: the facets at the start of the line (left in English, right in Arabic).
    assert abs(facets["y"] - results["y"]) < 40
    if language == "en":
        assert facets["x"] + facets["width"] <= results["x"]
    else:
        assert results["x"] + results["width"] <= facets["x"]
