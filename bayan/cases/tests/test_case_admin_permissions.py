"""Who reaches case records in the admin: contributors nothing, editors read, case officers write."""

import pytest
from django.urls import NoReverseMatch, reverse

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import Person, Role

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db

PERSONS = reverse("wagtailsnippets_cases_person:list")


def signed_in(client, role):
    return fully_signed_in(client, member(role))


def case_addresses(person, event):
    """Every admin address that shows a case record, a chooser of them, or the persons search."""
    return [
        PERSONS,
        reverse("wagtailsnippets_cases_person:add"),
        reverse("wagtailsnippets_cases_person:edit", args=[person.pk]),
        reverse("wagtailsnippets_cases_person:inspect", args=[person.pk]),
        reverse("wagtailsnippets_cases_person:history", args=[person.pk]),
        reverse("wagtailsnippets_cases_event:list"),
        reverse("wagtailsnippets_cases_event:edit", args=[event.pk]),
        reverse("wagtailsnippets_cases_role:list"),
        reverse("wagtailsnippetchoosers_cases_person:choose"),
        reverse("wagtailsnippetchoosers_cases_person:choose_results"),
        reverse("wagtailsnippetchoosers_cases_person:chosen", args=[person.pk]),
        reverse("wagtailsnippetchoosers_cases_event:choose"),
        reverse("cases_admin:find_persons") + "?q=Hidden",
    ]


def test_a_contributor_reaches_no_case_record_and_has_no_cases_menu(client):
    person = make_person("Hidden Casefile", visibility="internal")
    event = make_event("abducted", "2013-12-09", person)
    signed_in(client, roles.CONTRIBUTOR)
    for address in case_addresses(person, event):
        response = client.get(address)
        assert response.status_code in (302, 403), address
        assert b"Hidden Casefile" not in response.content, address
    home = client.get("/admin/").content.decode()
    assert PERSONS not in home
    assert '"name": "cases"' not in home


def test_an_editor_reads_persons_but_cannot_change_them(client):
    person = make_person("Reader Visible", roles=["journalist"])
    signed_in(client, roles.EDITOR)
    listing = client.get(PERSONS)
    assert listing.status_code == 200
    assert "Reader Visible" in listing.content.decode()
    assert client.get(reverse("wagtailsnippets_cases_person:inspect", args=[person.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_cases_person:edit", args=[person.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_cases_person:add")).status_code in (302, 403)
    assert client.get(reverse("cases_admin:find_persons") + "?q=Reader").json()["persons"][0]["id"] == person.pk


def test_a_case_officer_adds_and_changes_persons(client):
    signed_in(client, roles.CASE_OFFICER)
    response = client.post(reverse("wagtailsnippets_cases_person:add"), {
        "name_en": "Lina Qasem", "name_ar": "لينا قاسم", "aliases": "Lina Kassem", "gender": "female",
        "roles": [Role.objects.get(slug="blogger").pk], "visibility": "internal", "affiliation": "",
        "bio_en": "", "bio_ar": "", "slug": "", "record_id": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(name_en="Lina Qasem")
    assert person.visibility == "internal"
    assert list(person.roles.values_list("slug", flat=True)) == ["blogger"]
    edit = client.get(reverse("wagtailsnippets_cases_person:edit", args=[person.pk]))
    assert edit.status_code == 200


def test_the_listing_filters_by_status_visibility_and_role_and_finds_aliases(client):
    held = make_person("Karim Haddad", roles=["lawyer"], aliases="Kareem Hadad")
    make_event("arrested", "2012-02-16", held)
    make_person("Nour Salim", roles=["blogger"], visibility="internal")
    signed_in(client, roles.CASE_OFFICER)
    lawyer = Role.objects.get(slug="lawyer").pk
    for query, shown, hidden in [
        ("status=detained", "Karim Haddad", "Nour Salim"),
        ("visibility=internal", "Nour Salim", "Karim Haddad"),
        (f"roles={lawyer}", "Karim Haddad", "Nour Salim"),
        ("q=Kareem", "Karim Haddad", "Nour Salim"),
    ]:
        page = client.get(f"{PERSONS}?{query}").content.decode()
        assert shown in page and hidden not in page, query


def test_case_records_cannot_be_copied(client):
    person = make_person("Only Once")
    signed_in(client, roles.CASE_OFFICER)
    listing = client.get(PERSONS).content.decode()
    assert f"/admin/snippets/cases/person/copy/{person.pk}/" not in listing
    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippets_cases_person:copy", args=[person.pk])
