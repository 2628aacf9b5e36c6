"""In a browser, as a partner would: sign the demo's open statement in Arabic, confirm by e-mail, and the
editor finds the signature waiting in the admin's queue. The sign-on page passes axe-core in both languages."""

import os
import re
import subprocess
import sys
import time

import pytest

from bayan.tests.browser import AXE_SCRIPT, NOT_PASSED_TO_THE_DEMO, axe_violations, described, sign_in_to_the_admin

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo-site")]

NEW_ORGANISATION = "رابطة صحفيي المهجر التجريبية"


def printed_sign_on_address(demo_files, language):
    """The sign-on link `bayan demo` printed for ``language`` (the first one: the usable link)."""
    printed = (demo_files / "demo-output.txt").read_text()
    return re.search(rf"https?://[^/\s]+(/{language}/sign/[^/\s]+/)", printed).group(1)


def e_mailed_confirmation(demo_files, timeout=15):
    """The confirmation address in the last e-mail the demo server wrote to its console."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        written = (demo_files / "server-output.txt").read_text()
        found = re.findall(r"https?://[^/\s]+(/ar/sign/confirm/[^/\s]+/)", written)
        if found:
            return found[-1]
        time.sleep(0.3)
    raise AssertionError("the demo server wrote no confirmation e-mail")


MODERATOR_PASSWORD = "moderator-password-1234"


def moderator_account(demo_files):
    """An account of its own in the demo, made with `bayan shell`: another test gives 'admin' a second factor."""
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment["BAYAN_DATA_DIR"] = str(demo_files)
    make = ("from django.contrib.auth import get_user_model; User = get_user_model(); "
            "User.objects.filter(username='moderator').exists() or "
            f"User.objects.create_superuser('moderator', 'moderator@example.org', '{MODERATOR_PASSWORD}')")
    subprocess.run([sys.executable, "-m", "bayan.cli", "shell", "-c", make], env=environment, check=True,
                   capture_output=True, timeout=120)
    return "moderator"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_partner_signs_in_arabic_confirms_and_the_editor_sees_it_waiting(tab, demo_site, demo_files):
    tab.goto(demo_site + printed_sign_on_address(demo_files, "ar"))
    assert tab.locator("html").get_attribute("dir") == "rtl"
    tab.fill("input[name=organisation_name]", NEW_ORGANISATION)
    tab.select_option("select[name=country]", "SY")
    tab.fill("input[name=contact_name]", "منى التجريبية")
    tab.fill("input[name=contact_email]", "mona@example.org")
    tab.check("input[name=consent]")
    tab.click("main button[type=submit]")
    assert tab.locator("main h1").inner_text() == "تفقّد بريدك"
    reference = tab.locator("main strong").inner_text()
    assert re.fullmatch(r"S-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    tab.goto(demo_site + e_mailed_confirmation(demo_files))
    assert reference in tab.locator("main").inner_text()
    sign_in_to_the_admin(tab, demo_site, moderator_account(demo_files), MODERATOR_PASSWORD)
    tab.goto(demo_site + "/admin/statements/queue/")
    assert NEW_ORGANISATION in tab.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_sign_on_page_has_no_wcag_21_aa_violation(tab, demo_site, demo_files, language):
    if not AXE_SCRIPT.exists():
        pytest.skip(f"{AXE_SCRIPT} is not installed: ./run test installs it")
    response = tab.goto(demo_site + printed_sign_on_address(demo_files, language))
    assert response.status == 200
    violations = axe_violations(tab)
    assert not violations, f"the sign-on page ({language}) breaks WCAG 2.1 AA:\n{described(violations)}"


def test_typing_part_of_a_name_in_either_script_offers_known_organisations(tab, demo_site, demo_files):
    tab.goto(demo_site + printed_sign_on_address(demo_files, "ar"))
    field = tab.locator("input[name=organisation_name]")
    field.press_sequentially("Sada Ra", delay=30)
    suggestions = tab.locator("#organisation-suggestions [role=option]")
    suggestions.first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert "إذاعة صدى" in suggestions.first.inner_text()
    if AXE_SCRIPT.exists():
        violations = axe_violations(tab)
        assert not violations, f"the open suggestions break WCAG 2.1 AA:\n{described(violations)}"
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "إذاعة صدى"  # the name in the page's language
    assert tab.locator("input[name=chosen_organisation]").input_value().isdigit()
    field.press_sequentially(" x", delay=30)  # typing again: no longer the organisation chosen
    assert tab.locator("input[name=chosen_organisation]").input_value() == ""
