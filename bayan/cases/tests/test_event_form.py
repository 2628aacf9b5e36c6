"""The event form in the admin: a date at its precision, the persons picked by name, impossible input refused."""

import datetime

import pytest
from django.urls import reverse

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import Event

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_cases_event:add")
NO_SOURCES = {"sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0", "sources-MIN_NUM_FORMS": "0",
              "sources-MAX_NUM_FORMS": "1000"}


@pytest.fixture
def officer(client):
    return fully_signed_in(client, member(roles.CASE_OFFICER))


def event_form(chosen, **fields):
    return {"type": "abducted", "when": "2013-12-09", "precision": "", "end_date": "", "place": "Douma",
            "responsible": "", "note": "", "record_id": "", "persons": [person.pk for person in chosen],
            **NO_SOURCES, **fields}


def test_an_event_for_several_persons_sets_their_status(officer):
    razan, samira = make_person("Razan Example"), make_person("Samira Example")
    response = officer.post(ADD, event_form([razan, samira]))
    assert response.status_code == 302
    event = Event.objects.get()
    assert set(event.persons.all()) == {razan, samira}
    razan.refresh_from_db()
    assert (razan.status, razan.deprived_since) == ("missing", datetime.date(2013, 12, 9))


@pytest.mark.parametrize("when, precision, first_day, kept", [
    ("2013-12", "", datetime.date(2013, 12, 1), "month"),
    ("2013", "", datetime.date(2013, 1, 1), "year"),
    ("2013-12-01", "month", datetime.date(2013, 12, 1), "month"),
    ("2013-12-09", "day", datetime.date(2013, 12, 9), "day"),
])
def test_the_date_is_kept_at_its_precision(officer, when, precision, first_day, kept):
    officer.post(ADD, event_form([make_person()], when=when, precision=precision))
    event = Event.objects.get()
    assert (event.date, event.precision) == (first_day, kept)


@pytest.mark.parametrize("fields, field, message", [
    ({"when": "2023-02-30"}, "when", "is not a day of the calendar"),
    ({"when": "9 December"}, "when", "is not a date written YYYY-MM-DD"),
    ({"when": "2013-12-09", "precision": "month"}, "when", "names a day, but its precision is only the month"),
    ({"when": "2013", "precision": "day"}, "when", "is not precise to the day"),
    ({"end_date": "2013-12-01"}, "end_date", "The end date is before the event"),
    ({"persons": []}, "persons", "This field is required"),
    ({"persons": ["999999"]}, "persons", "999999"),
    ({"type": "vanished"}, "type", "vanished is not one of the available choices"),
])
def test_impossible_input_is_refused_with_a_message_and_nothing_is_saved(officer, fields, field, message):
    response = officer.post(ADD, event_form([make_person()], **fields))
    assert response.status_code == 200
    assert not Event.objects.exists()
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors


def test_editing_shows_the_date_as_written_and_the_chosen_persons_only(officer):
    chosen = make_person("Chosen Person")
    make_person("Someone Else")
    event = make_event("arrested", "2012-02", chosen)
    page = officer.get(reverse("wagtailsnippets_cases_event:edit", args=[event.pk])).content.decode()
    assert 'value="2012-02"' in page
    assert "Chosen Person" in page and "Someone Else" not in page


def test_a_source_is_a_post_or_an_address(officer):
    person = make_person()
    response = officer.post(ADD, event_form([person], **{
        "sources-TOTAL_FORMS": "1", "sources-0-url": "https://example.org/report", "sources-0-post": "",
        "sources-0-id": "", "sources-0-ORDER": "1", "sources-0-DELETE": ""}))
    assert response.status_code == 302
    assert Event.objects.get().sources.get().url == "https://example.org/report"


def test_the_persons_search_finds_either_script_and_marks_internal_persons(officer):
    public = make_person("Razan Zeitouneh", "رزان زيتونة")
    internal = make_person("Razan Hidden", visibility="internal")
    found = officer.get(reverse("cases_admin:find_persons"), {"q": "زيتونه"}).json()["persons"]
    assert [person["id"] for person in found] == [public.pk]
    found = officer.get(reverse("cases_admin:find_persons"), {"q": "Razan"}).json()["persons"]
    labels = {person["id"]: person["label"] for person in found}
    assert labels[public.pk] == "Razan Zeitouneh · رزان زيتونة"
    assert labels[internal.pk] == "Razan Hidden (internal)"


@pytest.mark.parametrize("how", ["one", "bulk"])
def test_deleting_events_in_the_admin_derives_the_statuses_again(officer, how):
    person = make_person("Freed Person")
    make_event("arrested", "2012-02-16", person)
    release = make_event("released", "2015-08-10", person)
    assert person.status == "released"
    if how == "one":
        officer.post(reverse("wagtailsnippets_cases_event:delete", args=[release.pk]))
    else:
        officer.post(reverse("wagtail_bulk_action",
                             args=["cases", "event", "delete"]) + f"?id={release.pk}")
    assert not Event.objects.filter(pk=release.pk).exists()
    person.refresh_from_db()
    assert person.status == "detained"
