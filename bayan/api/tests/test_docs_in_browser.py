"""The API's browsable docs work in a browser under the site's content security policy, with nothing from elsewhere."""

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]


def test_the_docs_page_shows_every_operation_from_the_site_alone(browser, demo_site):
    page = browser.new_page()
    problems, hosts = [], set()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    assert page.goto(demo_site + "/api/v1/docs/").status == 200
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/posts/" in paths and "/api/v1/changes/" in paths and "/open-data/persons.json" in paths
    page.locator(".opblock-summary-path", has_text="/api/v1/persons/").first.click()
    page.wait_for_selector("text=Only persons of this derived status")
    assert problems == []
    assert hosts == {urlparse(demo_site).netloc}
    page.close()
