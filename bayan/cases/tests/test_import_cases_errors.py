"""Every kind of bad row is named by file, line and column, every error of both files is listed, nothing is written."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bayan.cases.models import Event, Person
from bayan.cases.records import EVENT_COLUMNS, PERSON_COLUMNS
from bayan.cases.spreadsheets import SpreadsheetErrors
from bayan.cases.tests.spreadsheet_files import EVENTS, PERSONS, events_file, persons_file, run_import

pytestmark = pytest.mark.django_db


def refusal(persons=None, events=None):
    """The errors' lines of an import that must be refused, after checking that it wrote nothing."""
    with pytest.raises(SpreadsheetErrors) as refused:
        run_import(persons, events)
    assert not Person.objects.exists() and not Event.objects.exists()
    return [str(error) for error in refused.value.errors]


def with_person(**cells):
    """The persons file with a fourth person (line 6, the second event having a note of two lines) made of ``cells``."""
    return persons_file([*PERSONS, {"id": "P4", "name_en": "Dana Aziz", **cells}])


def with_event(**cells):
    """The events file with a fourth event made of ``cells``: on line 6, the second event's note taking two lines."""
    return events_file([*EVENTS, {"id": "E4", "persons": "P1", "type": "arrested", "date": "2016-01-01", **cells}])


@pytest.mark.parametrize(("cells", "expected"), [
    ({"id": "P1"}, "persons.csv:5:id: the id P1 is already on line 2"),
    ({"id": ""}, "persons.csv:5:id: every row needs an id"),
    ({"id": "P|4"}, "persons.csv:5:id: an id cannot hold “|”"),
    ({"gender": "f"}, "persons.csv:5:gender: “f” is not one of female, male, other"),
    ({"roles": "journalist|poet"}, "persons.csv:5:roles: no role is named “poet”: the roles are journalist,"),
    ({"visibility": "secret"}, "persons.csv:5:visibility: “secret” is not one of public, internal"),
    ({"name_en": ""}, "persons.csv:5:name_en: a person needs a name in English or in Arabic"),
    ({"name_en": "x" * 201}, "persons.csv:5:name_en: 201 characters: at most 200 fit"),
])
def test_a_bad_person_row_is_named_by_line_and_column(cells, expected):
    assert any(line.startswith(expected) for line in refusal(persons=with_person(**cells))), expected


@pytest.mark.parametrize(("cells", "expected"), [
    ({"id": "E2"}, "events.csv:6:id: the id E2 is already on line 3"),
    ({"persons": ""}, "events.csv:6:persons: an event needs at least one person"),
    ({"persons": "P1|P77"}, "events.csv:6:persons: no person has the id P77, neither in persons.csv nor already"),
    ({"type": "vanished"}, "events.csv:6:type: “vanished” is not one of arrested, detained,"),
    ({"date": "2023-02-30"}, "events.csv:6:date: 2023-02-30 is not a day of the calendar."),
    ({"date": "30/02/2023"}, "events.csv:6:date: “30/02/2023” is not a date written YYYY-MM-DD, YYYY-MM or YYYY."),
    ({"date": ""}, "events.csv:6:date: every event needs a date"),
    ({"date": "2016-05", "precision": "day"}, "events.csv:6:precision: 2016-05 is not precise to the day."),
    ({"date": "2016-05-04", "precision": "month"}, "events.csv:6:precision: 2016-05-04 names a day, but"),
    ({"precision": "week"}, "events.csv:6:precision: “week” is not a precision"),
    ({"end_date": "2015-12-31"}, "events.csv:6:end_date: the event ends (2015-12-31) before it starts (2016-01-01)"),
    ({"end_date": "2016-13"}, "events.csv:6:end_date: 2016-13 is not a day of the calendar"),
    ({"sources": "https://example.org/a|ftp://example.org/b"},
     "events.csv:6:sources: “ftp://example.org/b” is not a web address starting with http:// or https://"),
    ({"sources": "javascript:alert(1)"}, "events.csv:6:sources: “javascript:alert(1)” is not a web address"),
])
def test_a_bad_event_row_is_named_by_line_and_column(cells, expected):
    assert any(line.startswith(expected) for line in refusal(events=with_event(**cells))), expected


def test_every_error_of_both_files_is_listed_in_file_and_line_order():
    lines = refusal(persons=with_person(gender="x", visibility="y"), events=with_event(type="z", date="2016-02-30"))
    assert [line.split(": ")[0] for line in lines] == [
        "events.csv:6:date", "events.csv:6:type", "persons.csv:5:gender", "persons.csv:5:visibility"]


def test_the_line_is_where_the_row_starts_even_after_a_cell_of_several_lines():
    persons = [dict(PERSONS[0], bio_en="First line\nsecond line\nthird line"), dict(PERSONS[1], gender="nobody"),
               PERSONS[2]]
    assert refusal(persons=persons_file(persons)) == [
        "persons.csv:5:gender: “nobody” is not one of female, male, other"]


def test_a_file_in_another_encoding_is_named_where_it_stops_being_utf8():
    lines = refusal(persons=persons_file().decode().encode("utf-8") + "P9,Élise Marin,,,,,,,,\r\n".encode("cp1252"))
    assert lines == ["persons.csv:5:name_en: this is not UTF-8 text: the file was saved in another encoding. "
                     "Save it as “CSV UTF-8” and import it again"]


def test_a_byte_order_mark_is_welcome():
    assert len(run_import(persons=b"\xef\xbb\xbf" + persons_file()).persons.created) == 3


@pytest.mark.parametrize(("columns", "expected"), [
    ([column for column in PERSON_COLUMNS if column != "gender"],
     "persons.csv:1:gender: the column gender is missing: the columns are id, name_en,"),
    ([*PERSON_COLUMNS, "nickname"], "persons.csv:1:nickname: unknown column “nickname”"),
    ([*PERSON_COLUMNS, "gender"], "persons.csv:1:gender: the column gender is named twice"),
])
def test_a_header_that_is_not_the_columns_is_refused(columns, expected):
    lines = refusal(persons=persons_file(columns=columns))
    assert any(line.startswith(expected) for line in lines), lines
    # The events' persons cannot be checked against an unreadable persons file: no error is made up there.
    assert not any(line.startswith("events.csv") for line in lines)


def test_the_columns_may_come_in_any_order_and_any_case():
    header, rows = events_file(columns=list(reversed(EVENT_COLUMNS))).split(b"\r\n", 1)
    assert len(run_import(events=header.upper().replace(b",", b" , ") + b"\r\n" + rows).events.created) == 3


def test_an_empty_file_and_a_row_of_the_wrong_width_are_named():
    assert refusal(persons=b"")[0].startswith("persons.csv:1:id: the file is empty")
    short = events_file() + b"E5,P1,arrested\r\n"
    assert refusal(events=short) == ["events.csv:6:date: this row has 3 cells, the header 10 columns"]
    wide = events_file() + b"E5,P1,arrested,2016,,,,,,,surplus\r\n"
    assert refusal(events=wide) == ["events.csv:6:cell 11: this row has 11 cells, the header only 10 columns"]


def test_empty_rows_are_passed_over():
    assert len(run_import(events=events_file() + b",,,,,,,,,\r\n\r\n").events.created) == 3


@settings(max_examples=40, deadline=None)
@given(st.dates(), st.sampled_from(["", "day", "month", "year"]), st.sampled_from(["day", "month", "year"]))
def test_any_date_is_stored_or_refused_with_its_column(day, precision, form):
    written = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[form]
    try:
        report = run_import(persons_file(PERSONS[:1]), events_file([{"id": "E1", "persons": "P1", "type": "arrested",
                                                                     "date": written, "precision": precision}]))
    except SpreadsheetErrors as refused:
        assert [(error.line, error.column) for error in refused.errors] == [(2, "precision")]
    else:
        stored = Event.objects.get(record_id="E1")
        assert report.events.created and stored.date.isoformat()[:len(written)] == written
    Event.objects.all().delete()
    Person.objects.all().delete()
