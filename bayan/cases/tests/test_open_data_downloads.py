"""The open-data downloads: the public records only, in the import's columns, and back in unchanged."""

import csv
import io
import json
from datetime import date

import pytest
import time_machine
from django.utils import timezone

from bayan.cases.models import Event, EventSource, Person
from bayan.cases.opendata import write_events_csv, write_persons_csv
from bayan.cases.records import EVENT_COLUMNS, PERSON_COLUMNS
from bayan.cases.tests.factories import make_event, make_person
from bayan.cases.tests.spreadsheet_files import EVENTS, events_file, run_import
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db
TODAY = timezone.datetime(2024, 3, 1, 12, 0, tzinfo=timezone.get_fixed_timezone(0))


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_downloads_have_the_import_columns_and_only_public_persons(client):
    run_import()
    persons = rows_of(client.get("/open-data/persons.csv"))
    assert list(persons[0]) == list(PERSON_COLUMNS)
    assert sorted(row["id"] for row in persons) == ["P1", "P2"]
    rana = next(row for row in persons if row["id"] == "P1")
    assert (rana["aliases"], rana["roles"], rana["visibility"]) == ("Rana Kassem|رنا القاسم", "journalist|lawyer",
                                                                    "public")
    events = rows_of(client.get("/open-data/events.csv"))
    assert list(events[0]) == list(EVENT_COLUMNS)
    assert [(row["id"], row["persons"], row["date"], row["precision"]) for row in events] == [
        ("E1", "P1|P2", "2013-12", "month"), ("E2", "P1", "2014-02-03", "day"), ("E3", "P2", "2015", "year")]
    assert events[1]["note"] == "Seen in a prison\nby a released detainee."


def test_an_event_of_internal_persons_only_and_every_internal_id_stay_out():
    hidden = make_person("Hidden Person", "شخص مخفي", visibility="internal")
    shown = make_person("Shown Person", record_id="S1")
    make_event("arrested", "2020-01-02", hidden, record_id="ONLY-HIDDEN")
    make_event("abducted", "2020-02-03", hidden, shown, record_id="MIXED")
    persons, events = io.StringIO(), io.StringIO()
    write_persons_csv(Person.objects.all(), persons)
    write_events_csv(Event.objects.all(), events)
    for text in (persons.getvalue(), events.getvalue()):
        assert "Hidden" not in text and "مخفي" not in text and "ONLY-HIDDEN" not in text
        assert f"p{hidden.pk}" not in text
    assert list(csv.DictReader(io.StringIO(events.getvalue().lstrip("\ufeff"))))[0]["persons"] == "S1"


def test_the_full_export_holds_internal_persons_in_the_same_columns():
    hidden = make_person("Hidden Person", visibility="internal")
    make_event("arrested", "2020-01-02", hidden)
    persons, events = io.StringIO(), io.StringIO()
    write_persons_csv(Person.objects.all(), persons, public_only=False)
    write_events_csv(Event.objects.all(), events, public_only=False)
    assert f"p{hidden.pk},Hidden Person,,,,,,internal" in persons.getvalue()
    assert f"p{hidden.pk}" in events.getvalue()


def test_a_source_that_is_a_post_readers_may_not_see_is_left_out():
    person = make_person("Shown Person")
    event = make_event("arrested", "2020-01-02", person)
    draft = make_post(slug="not-yet", live=False)
    EventSource.objects.create(event=event, post=draft)
    EventSource.objects.create(event=event, url="https://example.org/seen", sort_order=1)
    public, full = io.StringIO(), io.StringIO()
    write_events_csv(Event.objects.all(), public)
    write_events_csv(Event.objects.all(), full, public_only=False)
    assert "not-yet" not in public.getvalue() and "https://example.org/seen" in public.getvalue()
    assert "/en/not-yet/|https://example.org/seen" in full.getvalue()


@pytest.mark.parametrize("public_only", [True, False])
def test_an_export_imports_back_unchanged(public_only):
    # The internal person has an event of their own: the public file leaves it out, and changes no other event.
    run_import(events=events_file([*EVENTS[:2], dict(EVENTS[2], persons="P2"),
                                   {"id": "E4", "persons": "P3", "type": "arrested", "date": "2016"}]))
    lina = make_person("Lina Saleh", roles=["blogger"], aliases="Lina S.\nلينا")
    post = make_post(slug="free-lina")
    event = make_event("detained", "2019-07", lina, place="Homs")
    EventSource.objects.create(event=event, post=post)
    persons, events = io.StringIO(), io.StringIO()
    write_persons_csv(Person.objects.all(), persons, public_only=public_only)
    write_events_csv(Event.objects.all(), events, public_only=public_only)
    report = run_import(persons.getvalue().encode(), events.getvalue().encode())
    assert (report.persons.unchanged, report.events.unchanged) == ((3, 4) if public_only else (4, 5))
    assert (report.persons.missing, report.events.missing) == ((1, 1) if public_only else (0, 0))
    assert not (report.persons.created or report.persons.updated or report.events.created or report.events.updated)


def test_importing_a_public_download_over_an_event_with_an_internal_person_keeps_them_on_it():
    run_import()
    shared = Event.objects.get(record_id="E3")
    before = sorted(shared.persons.values_list("record_id", flat=True))
    assert "P3" in before
    public_persons, public_events = io.StringIO(), io.StringIO()
    write_persons_csv(Person.objects.all(), public_persons)
    write_events_csv(Event.objects.all(), public_events)
    report = run_import(public_persons.getvalue().encode(), public_events.getvalue().encode())
    assert not report.events.updated and not report.persons.updated
    assert sorted(shared.persons.values_list("record_id", flat=True)) == before


def test_a_person_listed_in_the_persons_file_can_be_taken_off_an_event():
    run_import()
    report = run_import(events=events_file([*EVENTS[:2], dict(EVENTS[2], persons="P2")]))
    assert [record["id"] for _pk, record in report.events.updated] == ["E3"]
    assert list(Event.objects.get(record_id="E3").persons.values_list("record_id", flat=True)) == ["P2"]


@time_machine.travel(TODAY, tick=False)
def test_the_json_downloads_give_the_derived_status_its_start_and_the_days(client):
    run_import()
    response = client.get("/open-data/persons.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    persons = {person["id"]: person for person in json.loads(response.content)["persons"]}
    assert sorted(persons) == ["P1", "P2"]
    assert persons["P1"]["aliases"] == ["Rana Kassem", "رنا القاسم"] and persons["P1"]["roles"] == ["journalist",
                                                                                                  "lawyer"]
    assert (persons["P1"]["status"], persons["P1"]["since"]) == ("detained", "2013-12")
    assert persons["P1"]["days"] == (date(2024, 3, 1) - date(2013, 12, 1)).days
    assert (persons["P2"]["status"], persons["P2"]["since"], persons["P2"]["days"]) == ("released", "2015", None)
    events = json.loads(client.get("/open-data/events.json").content)["events"]
    assert events[0] == {"id": "E1", "persons": ["P1", "P2"], "type": "abducted", "date": "2013-12",
                         "precision": "month", "end_date": None, "place": "Douma", "responsible": "",
                         "sources": ["https://example.org/report"], "note": ""}
    assert events[2]["persons"] == ["P2"]


def test_a_person_without_events_is_unknown_since_nothing(client):
    make_person("New Case")
    person = json.loads(client.get("/open-data/persons.json").content)["persons"][0]
    assert (person["status"], person["since"], person["days"]) == ("unknown", None, None)


@pytest.mark.parametrize("address", ["/open-data/persons.csv", "/open-data/events.csv", "/open-data/persons.json",
                                     "/open-data/events.json"])
def test_a_download_reads_the_same_few_queries_however_many_records(client, address, django_assert_max_num_queries):
    persons = [make_person(roles=["journalist"]) for _number in range(30)]
    for number, person in enumerate(persons):
        event = make_event("arrested", f"2020-01-{number % 28 + 1:02d}", person, persons[0])
        EventSource.objects.create(event=event, url="https://example.org/")
    with django_assert_max_num_queries(8):
        assert client.get(address).status_code == 200
