"""A newcomer turns on two-factor sign-in in a real browser on the demo, then signs in with it."""

import base64
import time
from urllib.parse import urlparse

import pytest
from django_otp.oath import TOTP

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]


def code_for(secret):
    """What an authenticator app shows for the key the page lets you type."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in(page, demo):
    page.goto(demo + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "demo-password-1234")
    page.click("button[type=submit]")


def test_turning_on_two_factor_and_signing_in_with_a_recovery_code(browser, demo_site):
    context = browser.new_context(locale="en")
    page = context.new_page()
    refused, hosts = [], set()
    page.on("console", lambda message: (
        refused.append(message.text) if "Content Security Policy" in message.text else None))
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    sign_in(page, demo_site)
    page.goto(demo_site + "/admin/two-factor/")
    assert page.locator(".qr-code svg").is_visible()
    page.fill("input[name=code]", code_for(page.locator("code.secret").inner_text()))
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_selector("ul.recovery-codes li")
    codes = page.locator("ul.recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    context.clear_cookies()
    sign_in(page, demo_site)
    assert "/admin/two-factor/verify/" in page.url
    page.fill("input[name=code]", codes[0])
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(demo_site + "/admin/")
    assert page.locator("main").is_visible()
    # The admin asks nothing of other sites (no avatars, no update check) and breaks no rule of its policy.
    assert hosts == {urlparse(demo_site).netloc}, hosts
    assert refused == []
    context.close()
