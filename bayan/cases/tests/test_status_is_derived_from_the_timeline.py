"""A person's status, its start and the start of their deprivation of liberty follow from their events."""

from datetime import date

import pytest

from bayan.cases.dates import DateError, PartialDate
from bayan.cases.timeline import Status, TimelineEvent, derive

from .factories import make_event, make_person


def timeline(*events):
    return [TimelineEvent(type, PartialDate.parse(when), entered) for entered, (type, when) in enumerate(events, 1)]


def test_no_event_leaves_the_status_unknown():
    derived = derive([])
    assert (derived.status, derived.since, derived.deprived_since) == (Status.UNKNOWN, None, None)


def test_an_arrest_makes_a_person_detained_since_that_day():
    derived = derive(timeline(("arrested", "2012-02-16")))
    assert derived.status == Status.DETAINED
    assert derived.since == derived.deprived_since == PartialDate.parse("2012-02-16")


def test_an_arrest_yesterday_is_one_day_of_deprivation():
    derived = derive(timeline(("arrested", "2026-12-03")))
    assert derived.days_deprived(date(2026, 12, 4)) == 1


def test_charges_and_transfers_continue_the_same_detention():
    derived = derive(timeline(("arrested", "2012-02-16"), ("charged", "2012-05-01"), ("transferred", "2013-01")))
    assert derived.deprived_since == PartialDate.parse("2012-02-16")


def test_an_abduction_later_found_to_be_a_detention_is_one_run():
    derived = derive(timeline(("abducted", "2013-12-09"), ("detained", "2014-06")))
    assert derived.status == Status.DETAINED
    assert derived.deprived_since == PartialDate.parse("2013-12-09")


def test_a_detention_then_a_disappearance_makes_the_person_missing_since_the_arrest():
    derived = derive(timeline(("arrested", "2014-03-01"), ("disappeared", "2015-01-10")))
    assert derived.status == Status.MISSING
    assert derived.since == PartialDate.parse("2014-03-01")


def test_release_then_rearrest_starts_a_new_run():
    derived = derive(timeline(("arrested", "2012-02-16"), ("released", "2015-08-10"), ("arrested", "2019-04-02")))
    assert derived.status == Status.DETAINED
    assert derived.deprived_since == PartialDate.parse("2019-04-02")


def test_a_release_is_the_status_since_the_release():
    derived = derive(timeline(("arrested", "2012-02-16"), ("released", "2015-08-10")))
    assert (derived.status, derived.since, derived.deprived_since) == (
        Status.RELEASED, PartialDate.parse("2015-08-10"), None)


def test_death_confirmed_years_later_keeps_the_date_of_the_execution():
    derived = derive(timeline(("arrested", "2012-03-15"), ("executed", "2015-10"), ("death_confirmed", "2017-08-01")))
    assert derived.status == Status.DEAD
    assert derived.since == PartialDate.parse("2015-10")
    assert derived.cause.type == "executed"


def test_death_confirmed_alone_dates_the_death():
    derived = derive(timeline(("abducted", "2013-12-09"), ("death_confirmed", "2020-05-04")))
    assert (derived.status, derived.since) == (Status.DEAD, PartialDate.parse("2020-05-04"))


def test_a_confirmation_after_an_earlier_death_changes_nothing_even_after_a_later_status():
    derived = derive(timeline(("killed", "2014-01-01"), ("released", "2014-02-01"), ("death_confirmed", "2016-01-01")))
    assert derived.status == Status.RELEASED


def test_a_second_death_event_never_moves_the_date_of_death():
    derived = derive(timeline(("died_in_custody", "2016-04-01"), ("killed", "2016-05-01")))
    assert derived.since == PartialDate.parse("2016-04-01")


def test_other_events_change_nothing():
    derived = derive(timeline(("arrested", "2012-02-16"), ("other", "2020-01-01")))
    assert derived.status == Status.DETAINED


def test_equal_dates_follow_the_order_entered():
    assert derive(timeline(("arrested", "2015-01-01"), ("released", "2015-01-01"))).status == Status.RELEASED
    assert derive(timeline(("released", "2015-01-01"), ("arrested", "2015-01-01"))).status == Status.DETAINED


def test_a_month_precision_date_sorts_and_counts_from_its_first_day():
    derived = derive(timeline(("arrested", "2015-10-15"), ("released", "2015-10")))
    assert derived.status == Status.DETAINED  # October 2015 sorts on the 1st, before the 15th
    derived = derive(timeline(("abducted", "2015-10")))
    assert derived.days_deprived(date(2015, 10, 31)) == 30
    assert derived.days_are_approximate


def test_events_in_any_order_are_sorted_first():
    events = timeline(("released", "2015-08-10"), ("arrested", "2012-02-16"))
    assert derive(events).status == Status.RELEASED


@pytest.mark.parametrize("text, precision", [("2023-02-30", ""), ("2023-13", ""), ("2015-10", "day"),
                                             ("2015-10-15", "month"), ("2015-02-01", "year"), ("15/10/2015", ""),
                                             ("2015", "week")])
def test_impossible_or_contradictory_dates_are_refused(text, precision):
    with pytest.raises(DateError):
        PartialDate.parse(text, precision)


def test_a_whole_date_may_stand_for_its_month_or_year():
    assert PartialDate.parse("2013-12-01", "month").iso() == "2013-12"
    assert PartialDate.parse("2013-01-01", "year").iso() == "2013"
    assert PartialDate.parse("2016-02").last_day() == date(2016, 2, 29)


@pytest.mark.django_db
def test_the_status_kept_on_the_person_follows_every_change_to_their_events():
    person = make_person("Salma Example")
    arrest = make_event("arrested", "2012-02-16", person, place="Damascus")
    assert (person.status, person.status_since, person.status_place) == (Status.DETAINED, date(2012, 2, 16), "Damascus")
    release = make_event("released", "2015-08-10", person)
    person.refresh_from_db()
    assert (person.status, person.status_year) == (Status.RELEASED, 2015)
    release.delete()
    person.refresh_from_db()
    assert person.status == Status.DETAINED
    arrest.persons = []
    arrest.save()
    person.refresh_from_db()
    assert (person.status, person.status_since) == (Status.UNKNOWN, None)


@pytest.mark.django_db
def test_one_event_can_involve_several_persons():
    group = [make_person(f"Abducted Together{n}") for n in range(4)]
    make_event("abducted", "2013-12-09", *group)
    assert {person.status for person in group} == {Status.MISSING}
