"""A case officer records a person, then an event involving them, in the admin of a real browser."""

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import Event, Person
from bayan.tests.browser import launch_chromium

pytestmark = pytest.mark.browser


# Serialized like the suite's other transactional tests: a flush without it re-creates rows they restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_officer_records_a_person_and_their_abduction(live_server):
    session = fully_signed_in(Client(), member(roles.CASE_OFFICER)).cookies["sessionid"].value
    # Playwright's synchronous API keeps an event loop running in this thread, and Django's
    # database layer then refuses to run: the database is read again only after it closes.
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        refused = []
        page.on("console", lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None))

        page.goto(f"{live_server.url}/admin/snippets/cases/person/add/")
        page.fill("#id_name_en", "Rima Fakhoury")
        page.fill("#id_name_ar", "ريما فاخوري")
        page.get_by_label("Journalist", exact=True).check()
        page.select_option("#id_visibility", "internal")
        page.locator("button.action-save").click()
        page.wait_for_url("**/admin/snippets/cases/person/")
        assert "Rima Fakhoury" in page.locator("main table").inner_text()

        page.goto(f"{live_server.url}/admin/snippets/cases/event/add/")
        page.select_option("#id_type", "abducted")
        page.fill("#id_when", "2013-12")
        page.fill("#id_place", "Douma")
        page.fill("#id_persons", "فاخوري")
        page.locator("[data-results] button", has_text="Rima Fakhoury").click()
        assert page.locator("[data-chosen] input:checked").count() == 1
        page.locator("button.action-save").click()
        page.wait_for_url("**/admin/snippets/cases/event/")
        assert "Rima Fakhoury" in page.locator("main table").inner_text()
        assert refused == []
        browser.close()

    person = Person.objects.get(name_en="Rima Fakhoury")
    event = Event.objects.get()
    assert list(event.persons.all()) == [person]
    assert (event.date.isoformat(), event.precision) == ("2013-12-01", "month")
    assert (person.visibility, person.status) == ("internal", "missing")
    assert list(person.roles.values_list("slug", flat=True)) == ["journalist"]
