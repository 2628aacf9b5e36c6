"""An editor opens the admin's side-panel preview of a post in a real browser and sees the post in it.

The reader pages refuse to be framed (frame-ancestors 'none'); previews answer with 'self'
so the admin's own iframe may show them (bayan/headers.py).
"""

import pytest
from playwright.sync_api import sync_playwright

from bayan.newsroom.tests.factories import make_post
from bayan.tests.browser import launch_chromium

pytestmark = pytest.mark.browser


# Serialized like the suite's other transactional tests: a flush without it re-creates rows they restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_side_panel_preview_shows_the_post(live_server, editor_client):
    post = make_post("en", "Lawyers of the detained reporters barred from the hearing")
    session = editor_client.cookies["sessionid"].value
    # Playwright's synchronous API runs an event loop in this thread while it is open, and
    # Django's database layer then refuses to run: every database step comes before it.
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        refused = []
        page.on("console", lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None))
        page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
        assert page.locator("#id_title").input_value() == post.title

        page.locator("[data-side-panel-toggle=preview]").click()
        preview = page.frame_locator("iframe[src*='/preview/']")
        assert preview.locator("h1").inner_text(timeout=15000) == post.title
        assert refused == []
        browser.close()
