"""Case dates read at their precision in both languages, Arabic months in the organisation's style."""

from datetime import date

import pytest

from bayan.cases.dates import PartialDate
from bayan.cases.display import date_at_precision, date_range_at_precision, days_sentence, status_sentence
from bayan.identity.months import MonthStyle


@pytest.mark.parametrize("text, english, arabic", [
    ("2012-02-16", "16 February 2012", "16 فبراير 2012"),
    ("2013-12", "December 2013", "ديسمبر 2013"),
    ("2015", "2015", "2015"),
])
def test_a_date_is_written_no_finer_than_it_is_known(text, english, arabic):
    when = PartialDate.parse(text)
    assert date_at_precision(when, "en") == english
    assert date_at_precision(when, "ar") == arabic


def test_arabic_months_follow_the_organisations_style():
    when = PartialDate.parse("2012-02-16")
    assert date_at_precision(when, "ar", MonthStyle.LEVANTINE) == "16 شباط 2012"
    assert date_at_precision(PartialDate.parse("2013-12"), "ar", MonthStyle.BOTH) == "كانون الأول/ديسمبر 2013"


def test_a_range_ends_on_its_last_day():
    start = PartialDate.parse("2014-03-03")
    assert date_range_at_precision(start, date(2014, 4, 9), "en") == "3 March 2014 – 9 April 2014"
    assert date_range_at_precision(start, None, "en") == "3 March 2014"


def test_status_sentences_say_since_on_or_in_by_precision():
    day, month = PartialDate.parse("2012-02-16"), PartialDate.parse("2013-12")
    assert status_sentence("detained", day, "arrested", "en") == "Detained since 16 February 2012"
    assert status_sentence("missing", month, "abducted", "en") == "Missing since December 2013"
    assert status_sentence("released", month, "released", "en") == "Released in December 2013"
    assert status_sentence("dead", day, "executed", "en") == "Executed on 16 February 2012"
    assert status_sentence("dead", day, "death_confirmed", "en") == "Death confirmed on 16 February 2012"
    assert status_sentence("unknown", None, "", "en") == "Status unknown"
    assert "16 فبراير 2012" in status_sentence("detained", day, "arrested", "ar")


def test_days_are_grouped_in_english_and_about_when_approximate():
    assert days_sentence(4312, False, "en") == "4,312 days deprived of liberty"
    assert days_sentence(1, False, "en") == "1 day deprived of liberty"
    assert days_sentence(3990, True, "en") == "about 3,990 days deprived of liberty"
    assert "3990" in days_sentence(3990, True, "ar")
    assert days_sentence(None, False, "en") == ""
