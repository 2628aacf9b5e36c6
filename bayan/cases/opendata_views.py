"""The open-data downloads: ``/open-data/persons.csv``, ``events.csv``, ``persons.json``, ``events.json``.

Public records only (see ``opendata``). Like every reader answer they go through the
page cache, which keeps them until anything a reader sees changes (and at midnight, when
the days deprived of liberty move on).
"""

import json

from django.http import HttpResponse

from .models import Event, Person
from .opendata import events_json, persons_json, write_events_csv, write_persons_csv
from .timeline import today_in_site_time_zone


def _csv_response(write, queryset, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    write(queryset, response)
    return response


def _json_response(data):
    return HttpResponse(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                        content_type="application/json; charset=utf-8")


def persons_csv(request):
    """The public persons in the import's columns."""
    return _csv_response(write_persons_csv, Person.objects.all(), "persons.csv")


def events_csv(request):
    """The events readers may see, each naming only its public persons, in the import's columns."""
    return _csv_response(write_events_csv, Event.objects.all(), "events.csv")


def persons_json_view(request):
    """The public persons with their derived status, its start and the days deprived of liberty."""
    return _json_response(persons_json(Person.objects.all(), today_in_site_time_zone()))


def events_json_view(request):
    """The events readers may see, each naming only its public persons."""
    return _json_response(events_json(Event.objects.all()))
