"""Small builders for case-record tests: a person, an event, with only what a test cares about spelled out."""

import itertools

from bayan.cases.dates import PartialDate
from bayan.cases.models import Event, Person, Role

_numbers = itertools.count(1)


def make_person(name_en=None, name_ar="", *, roles=(), **fields):
    """A public person with a distinct English name unless told otherwise; ``roles`` are role slugs."""
    number = next(_numbers)
    person = Person.objects.create(name_en=f"Person Number{number}" if name_en is None else name_en,
                                   name_ar=name_ar, **fields)
    if roles:
        person.roles.set(Role.objects.filter(slug__in=roles))
    return person


def make_event(type, when, *persons, **fields):
    """An event of ``type`` on ``when`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) involving ``persons``."""
    date = PartialDate.parse(when)
    event = Event(type=type, date=date.first_day, precision=date.precision, **fields)
    event.persons = list(persons)
    event.save()
    for person in persons:
        person.refresh_from_db()
    return event
