"""The anniversaries page and its calendar feed, in both languages, with public persons only."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from icalendar import Calendar

from bayan.cases.models import Visibility
from bayan.pagecache.invalidation import start_new_generation
from bayan.pagecache.middleware import page_store

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db

FIRST_OF_DECEMBER = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def cases():
    """A group abducted on 9 December 2013 (one of them internal), an arrest known to the month, a leap-day death."""
    razan = make_person("Razan Zaitouneh", "رزان زيتونة")
    samira = make_person("Samira Khalil", "سميرة الخليل")
    hidden = make_person("Zq Hidden Person", "مخفي", visibility=Visibility.INTERNAL)
    make_event("abducted", "2013-12-09", razan, samira, hidden, place="Douma")
    make_event("arrested", "2021-12-11", hidden)
    month = make_person("Omar Khatib", "عمر الخطيب")
    make_event("arrested", "2014-12", month)
    leap = make_person("Leila Haddad", "ليلى حداد")
    make_event("killed", "2012-02-29", leap)
    return {"razan": razan, "samira": samira, "hidden": hidden, "month": month, "leap": leap}


def page(client, language):
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        response = client.get(f"/{language}/anniversaries/")
    assert response.status_code == 200
    return response.content.decode()


def calendar(client, language="en"):
    response = client.get(f"/{language}/anniversaries.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def events_by_summary(parsed):
    return {str(event["SUMMARY"]): event for event in parsed.walk("VEVENT")}


def test_the_page_lists_the_next_30_days_in_english(client, cases):
    html = page(client, "en")
    assert "13th" not in html and "13 years since the abduction of <bdi>Razan Zaitouneh</bdi>" in html
    assert "13 years since the abduction of <bdi>Samira Khalil</bdi>" in html
    assert 'href="/en/person/razan-zaitouneh/"' in html
    assert "9 December 2026" in html and "Missing since 9 December 2013" in html
    # December 2014, known to the month, is listed on the 1st: today.
    assert "This month, December 2026" in html
    assert "12 years since the arrest of <bdi>Omar Khatib</bdi>" in html
    assert 'href="/en/anniversaries.ics"' in html
    assert html.index("Omar Khatib") < html.index("Razan Zaitouneh") < html.index("Samira Khalil")


def test_the_page_speaks_arabic_with_its_numbers_agreeing(client, cases):
    html = page(client, "ar")
    assert "ثلاث عشرة سنة على اختطاف <bdi>رزان زيتونة</bdi>" in html
    assert "اثنتا عشرة سنة على اعتقال <bdi>عمر الخطيب</bdi>" in html
    assert 'href="/ar/person/razan-zaitouneh/"' in html
    assert "9 ديسمبر 2026" in html


def test_a_young_case_is_named_by_its_ordinal(client):
    make_event("arrested", "2023-12-05", make_person("Karim Aziz", "كريم عزيز"))
    assert "3rd anniversary of the arrest of <bdi>Karim Aziz</bdi>" in page(client, "en")
    assert "الذكرى الثالثة لاعتقال <bdi>كريم عزيز</bdi>" in page(client, "ar")


def test_a_month_ahead_is_announced_by_its_name(client):
    make_event("abducted", "2019-01", make_person("Yara Bakri"))
    with time_machine.travel(datetime(2026, 12, 20, 10, tzinfo=UTC), tick=False):
        html = client.get("/en/anniversaries/").content.decode()
    assert "In January 2027" in html and "8th anniversary of the abduction of <bdi>Yara Bakri</bdi>" in html


def test_an_empty_month_says_so(client, cases):
    with time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=UTC), tick=False):
        html = client.get("/en/anniversaries/").content.decode()
    assert "No anniversary falls in the next 30 days." in html
    assert 'class="anniversary-days"' not in html


def test_internal_persons_are_on_neither_the_page_nor_the_calendar(client, cases):
    for language in ("en", "ar"):
        html = page(client, language)
        assert "Zq Hidden" not in html and "مخفي" not in html
        body, parsed = calendar(client, language)
        assert b"Zq Hidden" not in body and "مخفي".encode() not in body
        assert f"person-{cases['hidden'].pk}-".encode() not in body
        assert len(parsed.walk("VEVENT")) == 4


def test_the_calendar_holds_one_yearly_all_day_event_per_series(client, cases):
    _body, parsed = calendar(client)
    events = events_by_summary(parsed)
    assert set(events) == {
        "Anniversary of the abduction of Razan Zaitouneh", "Anniversary of the abduction of Samira Khalil",
        "Anniversary of the arrest of Omar Khatib", "Anniversary of the killing of Leila Haddad",
    }
    razan = events["Anniversary of the abduction of Razan Zaitouneh"]
    assert razan.decoded("DTSTART") == date(2014, 12, 9)
    assert razan["RRULE"]["FREQ"] == ["YEARLY"]
    assert str(razan["URL"]) == "http://127.0.0.1:8000/en/person/razan-zaitouneh/"
    assert str(razan["DESCRIPTION"]) == "Missing since 9 December 2013"
    # Known to the month: on its first day, from the year after.
    assert events["Anniversary of the arrest of Omar Khatib"].decoded("DTSTART") == date(2015, 12, 1)


def test_a_leap_day_repeats_on_the_last_day_of_february(client, cases):
    _body, parsed = calendar(client)
    leap = events_by_summary(parsed)["Anniversary of the killing of Leila Haddad"]
    assert leap.decoded("DTSTART") == date(2013, 2, 28)
    assert leap["RRULE"]["BYMONTH"] == [2] and leap["RRULE"]["BYMONTHDAY"] == [-1]


def test_the_calendar_is_in_arabic_on_the_arabic_side(client, cases):
    _body, parsed = calendar(client, "ar")
    assert "ذكرى اختطاف رزان زيتونة" in events_by_summary(parsed)
    assert str(events_by_summary(parsed)["ذكرى مقتل ليلى حداد"]["URL"]).endswith("/ar/person/leila-haddad/")


def test_the_calendar_uids_stay_across_requests_generations_and_edits(client, cases):
    def uids():
        return {str(event["SUMMARY"]): str(event["UID"]) for event in calendar(client)[1].walk("VEVENT")}

    before = uids()
    razan = f"person-{cases['razan'].pk}-abduction@127.0.0.1"
    assert before["Anniversary of the abduction of Razan Zaitouneh"] == razan
    assert len(set(before.values())) == len(before)
    start_new_generation()
    make_event("transferred", "2016-03-01", cases["razan"])
    cases["samira"].bio_en = "A lawyer from Douma."
    cases["samira"].save()
    assert uids() == before


@pytest.fixture
def page_cache_on(settings):
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    yield
    page_store.cache_clear()


def test_the_stored_page_moves_on_at_midnight(client, page_cache_on, cases):
    with time_machine.travel(datetime(2026, 12, 9, 23, 58, tzinfo=UTC), tick=False) as traveller:
        evening = client.get("/en/anniversaries/")
        traveller.move_to(datetime(2026, 12, 9, 23, 59, 59, tzinfo=UTC))
        assert client.get("/en/anniversaries/")["X-Bayan-Cache"] == "hit"
        traveller.move_to(datetime(2026, 12, 10, 0, 0, 1, tzinfo=UTC))
        morning = client.get("/en/anniversaries/")
    assert morning["X-Bayan-Cache"] == "miss" and morning["ETag"] != evening["ETag"]
    assert "Razan Zaitouneh" in evening.content.decode()
    assert "Razan Zaitouneh" not in morning.content.decode()
