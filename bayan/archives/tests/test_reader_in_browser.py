"""What a reader sees on the demo's third archive page, in a real browser, in both languages."""

from urllib.parse import quote, urlparse

import pytest

from bayan.newsroom.text import split_words

# One worker builds and serves the demo for all of them.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

ARCHIVES = {
    "en": ("/en/tag/arresting-activists/page/3/", "ltr", "Tag: arresting activists"),
    "ar": (f"/ar/tag/{quote('اعتقال-الناشطين')}/page/3/", "rtl", "الوسم: اعتقال الناشطين"),
}


@pytest.fixture
def demo(demo_site):
    return demo_site


def within_limit(text, limit):
    words = split_words(text.removesuffix("..."))
    return len(words) <= limit and (len(words) == limit or not text.endswith("..."))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_third_page_of_the_big_tag_reads_like_the_seed(browser, demo, language, screenshots):
    path, direction, heading = ARCHIVES[language]
    context = browser.new_context(locale=language)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    assert page.goto(demo + path).status == 200
    page.screenshot(path=screenshots / f"archive-{language}.png", full_page=True)

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").inner_text() == heading
    entries = page.locator("article.entry")
    assert entries.count() == 10
    for index in range(10):
        entry = entries.nth(index)
        assert entry.locator(".entry-category").inner_text().strip()
        assert within_limit(entry.locator(".entry-title a").inner_text(), 8)
        assert entry.locator(".entry-date time").inner_text().strip()
        assert within_limit(entry.locator(".entry-excerpt").inner_text(), 30)
    assert page.locator("link[rel=prev]").count() == 1 and page.locator("link[rel=next]").count() == 1
    assert page.locator(".pagination [aria-current=page]").inner_text() == "3"
    assert hosts == {urlparse(demo).netloc}, f"requests left the site: {hosts}"

    # The layout mirrors: the language switcher sits at the end of the header's line.
    name_box = page.locator(".site-name").bounding_box()
    switcher_box = page.locator(".language-switcher").bounding_box()
    if direction == "ltr":
        assert switcher_box["x"] > name_box["x"]
    else:
        assert switcher_box["x"] < name_box["x"]

    listed_title = entries.first.locator(".entry-title a").inner_text()
    entries.first.locator(".entry-title a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(listed_title.removesuffix("..."))
    page.screenshot(path=screenshots / f"post-{language}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_archive_needs_no_javascript(browser, demo, language):
    path, _direction, heading = ARCHIVES[language]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo + path)
    assert page.locator("h1").inner_text() == heading
    assert page.locator("article.entry").count() == 10
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/page/4/")
    context.close()
