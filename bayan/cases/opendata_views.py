"""The open-data downloads: ``/open-data/persons.csv``, ``events.csv``, ``persons.json``, ``events.json``.

Public records only (see ``opendata``). Like every reader answer they go through the
page cache, which keeps them until anything a reader sees changes (and at midnight, when
the days deprived of liberty move on). Each names the change log's token it reflects
(``X-Changes-Token``), read before the records, for a partner to follow the API's changes
feed from (docs/api.md).
"""

import json

from django.http import HttpResponse

from bayan.pagecache.changelog import current_token, with_token

from .models import Event, Person
from .opendata import events_json, persons_json, write_events_csv, write_persons_csv
from .timeline import today_in_site_time_zone


def _csv_response(write, queryset, filename):
    token = current_token()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    write(queryset, response)
    return with_token(response, token)


def _json_response(make):
    token = current_token()
    return with_token(HttpResponse(json.dumps(make(), ensure_ascii=False, separators=(",", ":")),
                                   content_type="application/json; charset=utf-8"), token)


def persons_csv(request):
    """The public persons in the import's columns."""
    return _csv_response(write_persons_csv, Person.objects.all(), "persons.csv")


def events_csv(request):
    """The events readers may see, each naming only its public persons, in the import's columns."""
    return _csv_response(write_events_csv, Event.objects.all(), "events.csv")


def persons_json_view(request):
    """The public persons with their derived status, its start and the days deprived of liberty."""
    return _json_response(lambda: persons_json(Person.objects.all(), today_in_site_time_zone()))


def events_json_view(request):
    """The events readers may see, each naming only its public persons."""
    return _json_response(lambda: events_json(Event.objects.all()))
