"""A person's status, derived from the events of their timeline; never typed by anyone.

Pure functions over plain values, so that the rules can be tested (and read) without a
database. ``derive()`` takes the events in any order and sorts them itself: by the first
day of each date, then by the order they were entered.
"""

from dataclasses import dataclass

from django.utils import timezone

from .dates import PartialDate, Precision


class Status:
    DETAINED = "detained"
    MISSING = "missing"
    RELEASED = "released"
    DEAD = "dead"
    UNKNOWN = "unknown"

    ALL = [DETAINED, MISSING, RELEASED, DEAD, UNKNOWN]
    DEPRIVED_OF_LIBERTY = {DETAINED, MISSING}


# What each event type makes of the person's status. ``death_confirmed`` is handled apart:
# it makes a person dead only if nothing before it already did. ``other`` changes nothing.
STATUS_SET_BY = {
    "arrested": Status.DETAINED,
    "detained": Status.DETAINED,
    "charged": Status.DETAINED,
    "tried": Status.DETAINED,
    "sentenced": Status.DETAINED,
    "transferred": Status.DETAINED,
    "abducted": Status.MISSING,
    "disappeared": Status.MISSING,
    "released": Status.RELEASED,
    "killed": Status.DEAD,
    "executed": Status.DEAD,
    "died_in_custody": Status.DEAD,
}
DEATH_CONFIRMED = "death_confirmed"


@dataclass(frozen=True)
class TimelineEvent:
    """What derivation needs of an event: its type, its date and the order it was entered in."""

    type: str
    when: PartialDate
    entered: int


@dataclass(frozen=True)
class Derived:
    """A person's status, since when, and (while detained or missing) since when deprived of liberty.

    ``cause`` is the event the status comes from (the release, the first event that made
    the person dead, the event that opened the current run of deprivation); the
    anniversaries count from it.
    """

    status: str = Status.UNKNOWN
    since: PartialDate | None = None
    deprived_since: PartialDate | None = None
    cause: TimelineEvent | None = None

    def days_deprived(self, today):
        """Whole days from the start of the deprivation to ``today`` (an arrest yesterday is 1), or None."""
        if self.deprived_since is None:
            return None
        return max((today - self.deprived_since.first_day).days, 0)

    @property
    def days_are_approximate(self):
        """True when the deprivation's start is known only to a month or a year ("about N days")."""
        return self.deprived_since is not None and self.deprived_since.precision != Precision.DAY


def in_order(events):
    """Events sorted as a timeline: by the first day of their date, then by the order entered."""
    return sorted(events, key=lambda event: (event.when.first_day, event.entered))


def derive(events):
    """The status that a person's events give them, by the rules of docs/cases.md."""
    status, since, cause = Status.UNKNOWN, None, None
    run_start = None
    made_dead = False
    for event in in_order(events):
        if event.type == DEATH_CONFIRMED:
            # A confirmation tells of a death; it is the death only when nothing before it was.
            if made_dead:
                continue
            new_status = Status.DEAD
        else:
            new_status = STATUS_SET_BY.get(event.type)
            if new_status is None:
                continue
        if new_status == Status.DEAD:
            made_dead = True
            if status == Status.DEAD:
                # Dead since the first event that said so: a later execution moves nothing.
                continue
        if new_status in Status.DEPRIVED_OF_LIBERTY:
            if status not in Status.DEPRIVED_OF_LIBERTY:
                run_start = event
            status, since, cause = new_status, run_start.when, run_start
        else:
            run_start = None
            status, since, cause = new_status, event.when, event
    deprived_since = since if status in Status.DEPRIVED_OF_LIBERTY else None
    return Derived(status=status, since=since, deprived_since=deprived_since, cause=cause)


def today_in_site_time_zone():
    """Today's date where the organisation is (``TIME_ZONE``): days and anniversaries count from it."""
    return timezone.localdate()
