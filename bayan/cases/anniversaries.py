"""Anniversaries of ongoing deprivations of liberty and of deaths, for the page, the calendar and planning.

For a person still detained or missing: the anniversaries of the first event of their
ongoing run of deprivation (``Person.deprived_since``). For a dead person: those of the
event that made them dead (``Person.status_since``). Both are kept on the person by
``refresh_status()`` together with the event they come from (``status_event``), so the
anniversaries are read from those fields in one query, without walking any timeline.

A date known to the day comes back on the same month and day each year (29 February
on 28 February in common years); one known to the month is listed on the first day of
that month; one known only to the year has no anniversary. Only public persons have
anniversaries (``Person.objects.visible_to_readers()``).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bayan.archives.collation import sort_key

from .dates import PartialDate, Precision
from .models import Person
from .timeline import Status
from .wording import KIND_OF_EVENT, Kind

# The page and its tests speak of "the next 30 days": today and the 29 days after it.
WINDOW_DAYS = 30

# The kind remembered when the event behind a status cannot be read (it is being deleted
# and the status not yet derived again): what the status itself says happened.
_KIND_OF_STATUS = {Status.DETAINED: Kind.DETENTION, Status.MISSING: Kind.DISAPPEARANCE, Status.DEAD: Kind.KILLING}


@dataclass(frozen=True)
class Series:
    """One yearly series of anniversaries: a person, what is remembered, and the date it happened."""

    person: Person
    kind: str
    since: PartialDate

    def falls_in(self, year):
        """The day the anniversary is listed on in ``year``: the same day (28 Feb for 29 Feb), or the month's 1st."""
        first = self.since.first_day
        if self.since.precision == Precision.MONTH:
            return date(year, first.month, 1)
        if (first.month, first.day) == (2, 29) and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, first.month, first.day)

    @property
    def first_anniversary(self):
        return self.falls_in(self.since.first_day.year + 1)


@dataclass(frozen=True)
class Anniversary:
    """The ``nth`` anniversary of a ``series``, listed on ``day``."""

    series: Series
    nth: int
    day: date

    @property
    def person(self):
        return self.series.person

    @property
    def kind(self):
        return self.series.kind

    @property
    def precision(self):
        return self.series.since.precision


def window(today):
    """The days the page lists: from ``today`` to 29 days later, both included."""
    return today, today + timedelta(days=WINDOW_DAYS - 1)


def series_of_persons(months=None):
    """Every series of anniversaries of public persons, in one query; only those in ``months`` when given."""
    persons = (
        Person.objects.visible_to_readers()
        .filter(status__in=[Status.DETAINED, Status.MISSING, Status.DEAD], status_since__isnull=False,
                status_since_precision__in=[Precision.DAY, Precision.MONTH])
        .select_related("status_event")
        .only("pk", "slug", "name_en", "name_ar", "status", "status_since", "status_since_precision",
              "deprived_since", "deprived_since_precision", "updated_at", "status_event__type",
              "status_event__updated_at")
    )
    if months is not None:
        persons = persons.filter(status_since__month__in=sorted(months))
    return [_series(person) for person in persons]


def _series(person):
    # While detained or missing the status's start is the start of the run of deprivation,
    # and for the dead it is the first event that made them dead: either way, ``status_since``.
    if person.status in Status.DEPRIVED_OF_LIBERTY:
        since = person.deprived_since_date or person.status_since_date
    else:
        since = person.status_since_date
    event = person.status_event
    kind = KIND_OF_EVENT.get(event.type) if event is not None else None
    return Series(person=person, kind=kind or _KIND_OF_STATUS[person.status], since=since)


def upcoming(today, language="en"):
    """The anniversaries listed from ``today`` to 29 days later, by date, then by name in ``language``."""
    first, last = window(today)
    found = []
    for series in series_of_persons(_months_between(first, last)):
        for year in range(first.year, last.year + 1):
            day = series.falls_in(year)
            nth = year - series.since.first_day.year
            if nth >= 1 and first <= day <= last:
                found.append(Anniversary(series=series, nth=nth, day=day))
    return sorted(found, key=lambda anniversary: (anniversary.day, sort_key(anniversary.person.name_in(language)),
                                                  anniversary.person.pk))


def _months_between(first, last):
    """The months (1-12) that the days from ``first`` to ``last`` touch."""
    months, day = set(), first
    while day <= last:
        months.add(day.month)
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return months
