"""Take the README's pictures from the demo, so they can be made again whenever the pages change.

Builds the demo newsroom (`bayan demo --no-serve`) in a throwaway data directory, serves it
with `bayan serve` on a free port, photographs it with Debian's chromium through Playwright,
then stops the server and removes the directory. The pictures:

    home-en.png, home-ar.png          the home page
    archive-en.png, archive-ar.png    a tag's third page
    post-en.png, post-ar.png          the first post that page lists
    archive-ar-narrow.png             the Arabic tag page on a phone-sized screen
    editor.png                        the admin's post editor with its preview panel open

Run from the repository root after `./run test` (or `./run demo`) has installed everything:

    .venv/bin/python tools/screenshots.py
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402 (after the path that finds bayan)
from playwright.sync_api import sync_playwright  # noqa: E402

from bayan.tests.browser import (  # noqa: E402
    CHROMIUM,
    DEMO_ADMIN_PASSWORD,
    demo_served,
    launch_chromium,
    sign_in_to_the_admin,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TAG_PAGE_3 = {
    "en": "/en/tag/arresting-activists/page/3/",
    "ar": f"/ar/tag/{quote('اعتقال-الناشطين')}/page/3/",
}
# 256 colours keep text crisp and a desktop picture near 100 kB.
COLOURS = 256


def save_small(png_bytes, destination):
    """Write a screenshot as an optimised palette PNG: the pictures live in the repository, so size matters."""
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        destination, optimize=True
    )
    print(f"{destination.relative_to(ROOT) if destination.is_relative_to(ROOT) else destination}: "
          f"{destination.stat().st_size // 1024} kB")


def shoot(page, site, path, destination):
    """Open a reader path once the page's fonts have loaded, and save what the viewport shows."""
    response = page.goto(site + path)
    if response is None or response.status != 200:
        raise RuntimeError(f"{path} answered {response.status if response else 'nothing'}")
    page.evaluate("document.fonts.ready")
    save_small(page.screenshot(), destination)


def photograph_the_reader_pages(browser, site, output):
    """The home page, the tag's third page and its first post in each language, and the narrow Arabic shot."""
    for language in ("en", "ar"):
        context = browser.new_context(viewport=DESKTOP, locale=language)
        page = context.new_page()
        shoot(page, site, f"/{language}/", output / f"home-{language}.png")
        shoot(page, site, TAG_PAGE_3[language], output / f"archive-{language}.png")
        post = page.locator("main article.entry .entry-title a").first.get_attribute("href")
        shoot(page, site, post, output / f"post-{language}.png")
        context.close()
    context = browser.new_context(viewport=PHONE, locale="ar", device_scale_factor=1, is_mobile=True)
    shoot(context.new_page(), site, TAG_PAGE_3["ar"], output / "archive-ar-narrow.png")
    context.close()


def photograph_the_editor(browser, site, output):
    """The admin's editor for the English tag page's first post, signed in as the demo's admin, preview open."""
    context = browser.new_context(viewport=DESKTOP, locale="en")
    page = context.new_page()
    page.goto(site + TAG_PAGE_3["en"])
    page.locator("main article.entry .entry-title a").first.click()
    title = page.locator("main h1").inner_text()
    sign_in_to_the_admin(page, site)
    page.goto(f"{site}/admin/pages/search/?q={quote(title)}")
    page.locator("a[href$='/edit/']").first.click()
    page.wait_for_selector("#id_title")
    page.locator("[data-side-panel-toggle=preview]").click()
    page.frame_locator("iframe[src*='/preview/']").locator("h1").wait_for()
    page.evaluate("document.fonts.ready")
    save_small(page.screenshot(), output / "editor.png")
    context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Build the demo in a throwaway folder, serve it, and save the README's screenshots "
        "(home, a tag's page 3 and a post in English and Arabic, a narrow Arabic page, the admin's editor) "
        "as small PNGs. Needs Debian's chromium (/usr/bin/chromium) and the project's .venv.",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "screenshots",
        help="folder the PNGs are written to (default: docs/screenshots/)",
    )
    arguments = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    arguments.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bayan-screenshots-") as data_dir:
        print("building and serving the demo (about half a minute)…")
        with demo_served(data_dir, DEMO_ADMIN_PASSWORD) as site, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            photograph_the_reader_pages(browser, site, arguments.output)
            photograph_the_editor(browser, site, arguments.output)
            browser.close()


if __name__ == "__main__":
    main()
