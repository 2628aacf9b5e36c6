"""The audit log holds every change to a case record, every opening of an internal one."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import Person

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db

PERSON_FORM = {"name_en": "Yara Bitar", "name_ar": "يارا بيطار", "aliases": "", "gender": "", "visibility": "public",
               "affiliation": "", "bio_en": "", "bio_ar": "", "slug": "", "record_id": ""}


def entries(action, record):
    return ModelLogEntry.objects.filter(action=action, object_id=str(record.pk))


def test_creating_changing_and_deleting_a_person_is_logged_with_the_officer(client):
    officer = member(roles.CASE_OFFICER)
    fully_signed_in(client, officer)
    client.post(reverse("wagtailsnippets_cases_person:add"), PERSON_FORM)
    person = Person.objects.get(name_en="Yara Bitar")
    client.post(reverse("wagtailsnippets_cases_person:edit", args=[person.pk]), {**PERSON_FORM, "affiliation": "Radio"})
    client.post(reverse("wagtailsnippets_cases_person:delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()
    for action in ("wagtail.create", "wagtail.edit", "wagtail.delete"):
        assert list(entries(action, person).values_list("user_id", flat=True)) == [officer.pk], action


@pytest.mark.parametrize("role, page", [(roles.CASE_OFFICER, "edit"), (roles.EDITOR, "inspect")])
def test_opening_an_internal_person_is_logged_with_whoever_opened_it(client, role, page):
    person = make_person("Withheld Name", visibility="internal")
    reader = member(role)
    fully_signed_in(client, reader)
    assert client.get(reverse(f"wagtailsnippets_cases_person:{page}", args=[person.pk])).status_code == 200
    assert list(entries("cases.view_internal", person).values_list("user_id", flat=True)) == [reader.pk]


def test_opening_an_event_involving_an_internal_person_is_logged(client):
    public, internal = make_person("Open Case"), make_person("Closed Case", visibility="internal")
    shared, open_only = make_event("abducted", "2013-12", public, internal), make_event("arrested", "2011", public)
    fully_signed_in(client, member(roles.CASE_OFFICER))
    for event in (shared, open_only):
        assert client.get(reverse("wagtailsnippets_cases_event:edit", args=[event.pk])).status_code == 200
    assert entries("cases.view_internal", shared).count() == 1
    assert not entries("cases.view_internal", open_only).exists()


def test_opening_a_public_person_is_not_logged(client):
    person = make_person("Everyday Case")
    fully_signed_in(client, member(roles.CASE_OFFICER))
    client.get(reverse("wagtailsnippets_cases_person:edit", args=[person.pk]))
    assert not ModelLogEntry.objects.filter(action="cases.view_internal").exists()


def test_the_audit_report_names_the_new_actions(client, editor_client):
    person = make_person("Report Case", visibility="internal")
    editor_client.get(reverse("wagtailsnippets_cases_person:edit", args=[person.pk]))
    report = editor_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Opened an internal case record" in report
