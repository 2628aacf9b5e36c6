"""The import creates what is new, updates what changed, leaves the rest, and deletes nothing."""

import pytest

from bayan.cases.models import Event, EventSource, Person
from bayan.cases.tests.factories import make_event, make_person
from bayan.cases.tests.spreadsheet_files import EVENTS, PERSONS, events_file, persons_file, run_import
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_a_first_import_creates_persons_events_roles_sources_and_statuses():
    report = run_import()
    assert (len(report.persons.created), len(report.events.created)) == (3, 3)
    rana = Person.objects.get(record_id="P1")
    assert (rana.name_ar, rana.gender, rana.affiliation) == ("رنا قاسم", "female", "Valley Voice")
    assert rana.alias_list() == ["Rana Kassem", "رنا القاسم"]
    assert sorted(rana.roles.values_list("slug", flat=True)) == ["journalist", "lawyer"]
    assert rana.slug == "rana-qasim" and "qasim" in rana.match_terms
    assert (rana.status, rana.deprived_since.isoformat(), rana.deprived_since_precision) == (
        "detained", "2013-12-01", "month")
    omar = Person.objects.get(record_id="P2")
    assert (omar.status, omar.status_since.isoformat(), omar.status_since_precision) == (
        "released", "2015-01-01", "year")
    assert Person.objects.get(record_id="P3").visibility == "internal"
    abduction = Event.objects.get(record_id="E1")
    assert sorted(abduction.persons.values_list("record_id", flat=True)) == ["P1", "P2"]
    assert list(abduction.sources.values_list("url", flat=True)) == ["https://example.org/report"]
    assert Event.objects.get(record_id="E2").end_date.isoformat() == "2014-02-10"


def test_a_second_import_of_the_same_files_changes_nothing():
    run_import()
    before = list(Person.objects.values_list("pk", "updated_at", "status"))
    report = run_import()
    assert (report.persons.unchanged, report.events.unchanged) == (3, 3)
    assert not (report.persons.created or report.persons.updated or report.events.created or report.events.updated)
    assert list(Person.objects.values_list("pk", "updated_at", "status")) == before
    assert report.lines() == ["persons.csv: persons 0 created, 0 updated, 3 unchanged",
                              "events.csv: events 0 created, 0 updated, 3 unchanged"]


def test_changed_rows_are_updated_and_statuses_derived_again():
    run_import()
    persons = [dict(PERSONS[0], roles="lawyer", aliases="Rana Kassem"), *PERSONS[1:]]
    events = [*EVENTS[:2], dict(EVENTS[2], persons="P1|P2|P3", date="2016-05-01")]
    report = run_import(persons_file(persons), events_file(events))
    assert [record["id"] for _pk, record in report.persons.updated] == ["P1"]
    assert [record["id"] for _pk, record in report.events.updated] == ["E3"]
    rana = Person.objects.get(record_id="P1")
    assert list(rana.roles.values_list("slug", flat=True)) == ["lawyer"]
    assert rana.alias_list() == ["Rana Kassem"] and "القاسم" not in rana.match_terms
    assert (rana.status, rana.status_since.isoformat()) == ("released", "2016-05-01")
    assert Event.objects.get(record_id="E3").persons.count() == 3


def test_rows_missing_from_a_later_file_are_reported_and_kept():
    run_import()
    report = run_import(persons_file(PERSONS[:1]), events_file([dict(EVENTS[1])]))
    assert (report.persons.missing, report.events.missing) == (2, 2)
    assert "2 persons not in persons.csv were left as they are" in report.lines()
    assert "2 events not in events.csv were left as they are" in report.lines()
    assert (Person.objects.count(), Event.objects.count()) == (3, 3)


def test_an_event_may_name_a_person_imported_before_and_left_out_of_this_file():
    run_import()
    report = run_import(persons_file(PERSONS[:1]), events_file([dict(EVENTS[0], id="E9", type="released",
                                                                      date="2020-01-01")]))
    assert len(report.events.created) == 1
    assert Person.objects.get(record_id="P2").status == "released"


def test_new_slugs_are_numbered_past_those_taken_without_a_query_each(django_assert_max_num_queries):
    make_person("Rana Qasim")
    people = [dict(PERSONS[0], id=f"R{number}") for number in range(5)]
    with django_assert_max_num_queries(30):
        run_import(persons_file(people), events_file([]))
    assert sorted(Person.objects.values_list("slug", flat=True)) == [
        "rana-qasim", "rana-qasim-2", "rana-qasim-3", "rana-qasim-4", "rana-qasim-5", "rana-qasim-6"]


def test_a_record_entered_in_the_admin_is_matched_by_the_id_the_downloads_give_it():
    person = make_person("Lina Saleh")
    event = make_event("arrested", "2019-03-04", person)
    report = run_import(persons_file([{"id": f"p{person.pk}", "name_en": "Lina Saleh", "bio_en": "Teacher."}]),
                        events_file([{"id": f"e{event.pk}", "persons": f"p{person.pk}", "type": "arrested",
                                      "date": "2019-03-04", "precision": "day"}]))
    assert [record["id"] for _pk, record in report.persons.updated] == [f"p{person.pk}"]
    assert report.events.unchanged == 1
    assert Person.objects.get(pk=person.pk).bio_en == "Teacher."


def test_a_source_on_this_site_is_stored_as_the_post(settings):
    post = make_post(slug="free-them")
    address = f"{settings.BASE_URL}/en/free-them/"
    run_import(events=events_file([dict(EVENTS[0], sources=f"{address}|https://example.org/x")]))
    sources = EventSource.objects.filter(event__record_id="E1").order_by("sort_order")
    assert [(source.post_id, source.url) for source in sources] == [(post.pk, ""), (None, "https://example.org/x")]
    assert run_import(events=events_file([dict(EVENTS[0], sources=f"{address}|https://example.org/x")])
                      ).events.unchanged == 1


def test_a_dry_run_reports_and_writes_nothing():
    report = run_import(dry_run=True)
    assert len(report.persons.created) == 3
    assert not Person.objects.exists()
