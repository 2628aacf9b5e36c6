"""Which anniversaries fall in the next 30 days: of ongoing deprivations of liberty and of deaths."""

from datetime import date

import pytest

from bayan.cases.anniversaries import upcoming, window
from bayan.cases.models import Visibility
from bayan.cases.wording import Kind

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db


def listed(today, language="en"):
    """(name, kind, nth, day) of each anniversary listed from ``today``."""
    return [(found.person.name_en, found.kind, found.nth, found.day) for found in upcoming(today, language)]


def test_the_window_is_today_and_the_29_days_after():
    assert window(date(2026, 12, 20)) == (date(2026, 12, 20), date(2027, 1, 18))


def test_an_ongoing_detention_comes_back_on_the_same_day_each_year():
    person = make_person("Bassel Safadi")
    make_event("arrested", "2012-03-15", person)
    assert listed(date(2026, 3, 1)) == [("Bassel Safadi", Kind.ARREST, 14, date(2026, 3, 15))]
    assert listed(date(2026, 3, 15)) == [("Bassel Safadi", Kind.ARREST, 14, date(2026, 3, 15))]
    assert listed(date(2026, 3, 16)) == []
    assert listed(date(2026, 2, 13)) == []


def test_the_first_anniversary_is_a_year_after_and_the_event_itself_is_none():
    person = make_person("Mazen Halabi")
    make_event("abducted", "2026-03-10", person)
    assert listed(date(2026, 3, 1)) == []
    assert listed(date(2027, 3, 1)) == [("Mazen Halabi", Kind.ABDUCTION, 1, date(2027, 3, 10))]


def test_a_leap_day_falls_on_28_february_in_common_years_and_on_29_in_leap_years():
    person = make_person("Leila Haddad")
    make_event("disappeared", "2012-02-29", person)
    assert listed(date(2027, 2, 20)) == [("Leila Haddad", Kind.DISAPPEARANCE, 15, date(2027, 2, 28))]
    assert listed(date(2028, 2, 20)) == [("Leila Haddad", Kind.DISAPPEARANCE, 16, date(2028, 2, 29))]
    assert listed(date(2027, 3, 1)) == []


def test_a_date_known_to_the_month_is_listed_on_its_first_day():
    person = make_person("Omar Khatib")
    make_event("detained", "2014-01", person)
    assert listed(date(2026, 12, 20)) == [("Omar Khatib", Kind.DETENTION, 13, date(2027, 1, 1))]
    assert listed(date(2027, 1, 1)) == [("Omar Khatib", Kind.DETENTION, 13, date(2027, 1, 1))]
    # Past the first of the month the month's anniversary has been listed already.
    assert listed(date(2027, 1, 2)) == []


def test_a_date_known_only_to_the_year_has_no_anniversary():
    person = make_person("Rami Nassar")
    make_event("arrested", "2015", person)
    assert [listed(date(2026, month, 1)) for month in range(1, 13)] == [[]] * 12


def test_the_window_crosses_the_year_end():
    december, january = make_person("December Person"), make_person("January Person")
    make_event("arrested", "2011-12-25", december)
    make_event("abducted", "2013-01-15", january)
    make_event("abducted", "2013-01-19", make_person("Outside The Window"))
    assert listed(date(2026, 12, 20)) == [
        ("December Person", Kind.ARREST, 15, date(2026, 12, 25)),
        ("January Person", Kind.ABDUCTION, 14, date(2027, 1, 15)),
    ]


def test_a_run_of_deprivation_counts_from_its_first_event():
    person = make_person("Nour Saleh")
    make_event("abducted", "2013-12-09", person)
    make_event("detained", "2014-06-02", person)
    make_event("transferred", "2015-12-01", person)
    assert listed(date(2026, 12, 1)) == [("Nour Saleh", Kind.ABDUCTION, 13, date(2026, 12, 9))]


def test_release_ends_the_anniversaries_and_a_new_arrest_starts_its_own():
    released, rearrested = make_person("Released Person"), make_person("Rearrested Person")
    make_event("arrested", "2012-02-16", released, rearrested)
    make_event("released", "2015-08-10", released, rearrested)
    make_event("arrested", "2020-02-20", rearrested)
    assert listed(date(2026, 2, 10)) == [("Rearrested Person", Kind.ARREST, 6, date(2026, 2, 20))]


def test_the_dead_are_remembered_on_the_first_event_that_made_them_dead():
    person = make_person("Samer Jaber")
    make_event("arrested", "2012-03-15", person)
    make_event("executed", "2015-10-03", person)
    make_event("death_confirmed", "2017-08-01", person)
    assert listed(date(2026, 7, 25)) == []
    assert listed(date(2026, 10, 1)) == [("Samer Jaber", Kind.EXECUTION, 11, date(2026, 10, 3))]


def test_a_death_known_only_from_its_confirmation_is_remembered_as_such():
    person = make_person("Hadi Mansour")
    make_event("disappeared", "2013-05-02", person)
    make_event("death_confirmed", "2018-05-20", person)
    assert listed(date(2026, 5, 1)) == [("Hadi Mansour", Kind.DEATH_CONFIRMED, 8, date(2026, 5, 20))]


def test_a_person_with_no_status_or_released_has_none():
    make_person("No Events")
    make_event("released", "2020-06-05", make_person("Only Released"))
    assert listed(date(2026, 6, 1)) == []


def test_internal_persons_have_no_anniversary_even_in_a_shared_event():
    public = make_person("Public Person")
    internal = make_person("Internal Person", visibility=Visibility.INTERNAL)
    make_event("abducted", "2013-12-09", public, internal)
    make_event("arrested", "2014-12-10", internal)
    assert listed(date(2026, 12, 1)) == [("Public Person", Kind.ABDUCTION, 13, date(2026, 12, 9))]


def test_anniversaries_are_sorted_by_day_then_by_name_in_the_language():
    ghada = make_person("Ghada Darwish", "غادة درويش")
    hassan = make_person("Hassan Idris", "حسن إدريس")
    make_event("abducted", "2013-12-09", hassan, ghada)
    make_event("arrested", "2012-12-08", make_person("Zaid Qassem", "زيد قاسم"))
    assert [name for name, *_rest in listed(date(2026, 12, 1))] == ["Zaid Qassem", "Ghada Darwish", "Hassan Idris"]
    # In Arabic ح comes before غ.
    arabic = [found.person.name_ar for found in upcoming(date(2026, 12, 1), "ar")]
    assert arabic == ["زيد قاسم", "حسن إدريس", "غادة درويش"]


def test_the_anniversaries_are_read_in_one_query(django_assert_num_queries):
    for number in range(5):
        make_event("arrested", f"201{number}-12-0{number + 1}", make_person())
    with django_assert_num_queries(1):
        found = upcoming(date(2026, 12, 1))
        assert len(found) == 5
        assert {anniversary.kind for anniversary in found} == {Kind.ARREST}
