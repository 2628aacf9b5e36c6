"""The anniversaries page, ``/<lang>/anniversaries/``, and its calendar feed, ``/<lang>/anniversaries.ics``.

Editors plan statements from them: the page lists the next 30 days, grouped by day; the
feed holds one yearly all-day event per anniversary series, which calendar programs
repeat by themselves. Both count from today in the site's time zone; the page cache's
generation moves at midnight there (bayan/pagecache/invalidation.py), so the page never
shows yesterday's list.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from bayan.addresses import address_in, slug_address
from bayan.identity.organisation import organisation

from . import anniversaries, wording
from .dates import PartialDate, Precision
from .display import date_at_precision, status_sentence
from .timeline import today_in_site_time_zone


@dataclass
class Day:
    """The anniversaries listed on one day, or those of a month whose day is not known."""

    day: date
    heading: str
    is_today: bool
    whole_month: bool
    entries: list = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One anniversary as the page shows it: its sentence around the name, and what happened when."""

    sentence: wording.Sentence
    name: str
    address: str
    what_happened: str


def _person_address(language, person):
    return slug_address(language, "cases:person", person.slug)


def _what_happened(series, language, month_style):
    """"Missing since 9 December 2013", "Executed in October 2015": the status the series comes from."""
    person = series.person
    cause = person.status_event.type if person.status_event is not None else ""
    return status_sentence(person.status, series.since, cause, language, month_style)


def _month_heading(day, today, language, month_style):
    month = date_at_precision(PartialDate(day, Precision.MONTH), language, month_style)
    if (day.year, day.month) == (today.year, today.month):
        return _("This month, %(month)s") % {"month": month}
    return _("In %(month)s") % {"month": month}


def _days(listed, today, language, month_style):
    """The anniversaries grouped by the day they are listed on; a month's undated ones before its 1st day."""
    days = {}
    for anniversary in listed:
        whole_month = anniversary.precision == Precision.MONTH
        key = (anniversary.day, not whole_month)
        if key not in days:
            heading = (_month_heading(anniversary.day, today, language, month_style) if whole_month
                       else date_at_precision(PartialDate(anniversary.day), language, month_style))
            days[key] = Day(day=anniversary.day, heading=heading, is_today=anniversary.day == today and not whole_month,
                            whole_month=whole_month)
        person = anniversary.person
        days[key].entries.append(Entry(
            sentence=wording.anniversary_sentence(language, anniversary.kind, anniversary.nth),
            name=person.name_in(language),
            address=_person_address(language, person),
            what_happened=_what_happened(anniversary.series, language, month_style),
        ))
    return [days[key] for key in sorted(days)]


def anniversaries_page(request):
    """The anniversaries of the next 30 days, grouped by day, with the calendar feed's address."""
    language = translation.get_language()
    today = today_in_site_time_zone()
    month_style = organisation(request, language).arabic_months
    first, last = anniversaries.window(today)
    context = {
        "title": _("Anniversaries"),
        "days": _days(anniversaries.upcoming(today, language), today, language, month_style),
        "first_day": date_at_precision(PartialDate(first), language, month_style),
        "last_day": date_at_precision(PartialDate(last), language, month_style),
        "calendar_url": address_in(language, "cases:anniversaries-calendar"),
        "canonical_url": request.path,
        "alternates": [(code, address_in(code, "cases:anniversaries"))
                       for code, _name in settings.LANGUAGES if code != language],
    }
    return render(request, "cases/anniversaries.html", context)


def anniversaries_calendar(request):
    """Every anniversary series of public persons as a yearly all-day event, in an iCalendar file."""
    language = translation.get_language()
    calendar = Calendar()
    calendar.add("prodid", "-//Bayan//Anniversaries//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Anniversaries – %(site)s") % {"site": organisation(request, language).name})
    series = sorted(anniversaries.series_of_persons(), key=lambda found: (found.first_anniversary, found.person.pk))
    month_style = organisation(request, language).arabic_months
    for found in series:
        calendar.add_component(_calendar_event(found, language, month_style))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="anniversaries.ics"'
    return response


# Calendar entries are named after the site's host, which stays when a page is renamed or the cache moves on.
_UID_HOST = urlsplit(settings.BASE_URL).hostname or "bayan"


def calendar_uid(series):
    """The series' lasting identity: the person and what is remembered, never the date or the generation."""
    return f"person-{series.person.pk}-{series.kind}@{_UID_HOST}"


def _calendar_event(series, language, month_style):
    person = series.person
    name = person.name_in(language)
    event = Event()
    event.add("uid", calendar_uid(series))
    event.add("dtstamp", _last_changed(series))
    event.add("summary", wording.series_sentence(language, series.kind).with_name(name))
    event.add("dtstart", series.first_anniversary)
    first = series.since.first_day
    if series.since.precision == Precision.DAY and (first.month, first.day) == (2, 29):
        # Born of a leap day: the last day of February, which is the 28th in common years and the 29th in leap ones.
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("description", _what_happened(series, language, month_style))
    event.add("url", settings.BASE_URL + _person_address(language, person))
    event.add("transp", "TRANSPARENT")
    return event


def _last_changed(series):
    """When the facts behind the series last changed: the person's or its event's last save."""
    event = series.person.status_event
    return max(series.person.updated_at, event.updated_at) if event is not None else series.person.updated_at
