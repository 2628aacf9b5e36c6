"""Case officers download every case record, internal ones included; each download is in the audit log."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db

PERSONS_CSV = reverse("cases_admin:export_persons")
EVENTS_CSV = reverse("cases_admin:export_events")


def rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response).decode("utf-8"))))


@pytest.fixture
def mixed_case():
    public = make_person("Open Record", "سجل مفتوح")
    internal = make_person("Withheld Record", "سجل محجوب", visibility="internal")
    make_event("abducted", "2013-12-09", public, internal)
    make_event("detained", "2014-01", internal)
    return public, internal


def test_a_case_officer_downloads_every_person_and_event_and_it_is_logged(client, mixed_case):
    officer = member(roles.CASE_OFFICER)
    fully_signed_in(client, officer)
    persons = client.get(PERSONS_CSV)
    assert persons["Content-Type"].startswith("text/csv")
    assert "no-store" in persons["Cache-Control"]
    assert {row["name_en"]: row["visibility"] for row in rows(persons)} == {
        "Open Record": "public", "Withheld Record": "internal"}
    events = rows(client.get(EVENTS_CSV))
    assert [(row["type"], len(row["persons"].split("|"))) for row in events] == [("abducted", 2), ("detained", 1)]
    logged = ModelLogEntry.objects.filter(action="cases.full_export").order_by("pk")
    assert [(entry.user_id, entry.data["file"]) for entry in logged] == [
        (officer.pk, "persons.csv"), (officer.pk, "events.csv")]


@pytest.mark.parametrize("role", [roles.EDITOR, roles.CONTRIBUTOR])
def test_editors_and_contributors_may_not_download_everything(client, mixed_case, role):
    fully_signed_in(client, member(role))
    for address in (PERSONS_CSV, EVENTS_CSV):
        response = client.get(address)
        assert response.status_code in (302, 403)
        assert b"Withheld" not in response.content
    assert not ModelLogEntry.objects.filter(action="cases.full_export").exists()


def test_the_listing_offers_the_download_to_case_officers_only(client, mixed_case):
    listing = reverse("wagtailsnippets_cases_person:list")
    fully_signed_in(client, member(roles.CASE_OFFICER, "officer"))
    assert PERSONS_CSV in client.get(listing).content.decode()
    client.logout()
    fully_signed_in(client, member(roles.EDITOR, "reader"))
    assert PERSONS_CSV not in client.get(listing).content.decode()
