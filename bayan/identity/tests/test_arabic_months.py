"""Arabic dates name their months in the style the organisation chose; other languages are left alone."""

from datetime import datetime

import pytest
from django.utils import timezone

from bayan.identity.months import MonthStyle, in_month_style
from bayan.identity.tests.factories import make_identity
from bayan.newsroom.tests.factories import make_post
from bayan.reader_templates import date

JANUARY = datetime(2024, 1, 5, 12, tzinfo=timezone.get_fixed_timezone(0))
APRIL = datetime(2024, 4, 5, 12, tzinfo=timezone.get_fixed_timezone(0))


@pytest.mark.parametrize("style, january, april", [
    (MonthStyle.EGYPTIAN, "5 يناير، 2024", "5 إبريل، 2024"),
    (MonthStyle.LEVANTINE, "5 كانون الثاني، 2024", "5 نيسان، 2024"),
    (MonthStyle.BOTH, "5 كانون الثاني/يناير، 2024", "5 نيسان/أبريل، 2024"),
])
def test_the_date_filter_writes_arabic_months_in_the_chosen_style(style, january, april):
    assert date(JANUARY, language="ar", month_style=style) == january
    assert date(APRIL, language="ar", month_style=style) == april


def test_english_dates_and_iso_dates_are_untouched():
    assert date(JANUARY, language="en", month_style=MonthStyle.LEVANTINE) == "Jan. 5, 2024"
    assert date(JANUARY, "c", language="ar", month_style=MonthStyle.BOTH).startswith("2024-01-05T")


def test_a_month_and_year_follow_the_style_too():
    assert in_month_style("ديسمبر 2023", MonthStyle.LEVANTINE) == "كانون الأول 2023"


@pytest.mark.django_db
def test_an_arabic_post_page_shows_the_organisations_style(client):
    make_identity(arabic_months=MonthStyle.LEVANTINE)
    post = make_post(language="ar", title="خبر", slug="khabar", date=JANUARY)
    assert "كانون الثاني" in client.get(post.reader_path()).content.decode()


@pytest.mark.django_db
def test_an_arabic_month_archive_and_its_neighbours_follow_the_style(client):
    make_identity(arabic_months=MonthStyle.LEVANTINE)
    make_post(language="ar", title="خبر", slug="khabar", date=JANUARY)
    make_post(language="ar", title="خبر آخر", slug="khabar-akhar", date=APRIL)
    body = client.get("/ar/2024/01/").content.decode()
    assert "كانون الثاني 2024" in body and "يناير" not in body
    assert "نيسان 2024" in body  # the later month's link
    assert "نيسان" in client.get("/ar/2024/").content.decode()  # the year's months
