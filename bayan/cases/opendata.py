"""Case records out: persons and events as CSV (the import's columns) and as JSON.

The public downloads (``/open-data/...``) hold what readers may see: public persons, the
events that involve one, each event naming only its public persons. The case officers'
full export (the admin) calls the same writers with ``public_only=False``: every person
and event, internal ones included, in the same columns. Either imports back unchanged.

JSON gives each person the derived ``status``, ``since`` (the status's start, an ISO date
at its precision: ``2015-10`` for a month) and ``days`` (days deprived of liberty, today in
the site's time zone, while detained or missing; else null).
"""

import csv

from .dates import PartialDate, Precision
from .records import EVENT_COLUMNS, PERSON_COLUMNS, cell_text, event_rows, person_rows
from .timeline import Status

# Spreadsheet programs read a CSV file as UTF-8 (and its Arabic right) when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def _write_csv(rows, columns, stream):
    stream.write(BYTE_ORDER_MARK)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    for _values, row in rows:
        writer.writerow([cell_text(row, column) for column in columns])


def write_persons_csv(persons, stream, public_only=True):
    """Write the persons of the queryset ``persons`` to the text ``stream`` in the import's columns.

    With ``public_only`` (every public output) internal persons are left out.
    """
    _write_csv(person_rows(persons, public_only), PERSON_COLUMNS, stream)


def write_events_csv(events, stream, public_only=True):
    """Write the events of the queryset ``events`` to the text ``stream`` in the import's columns.

    With ``public_only`` an event that involves only internal persons is left out, and the
    others name only their public persons.
    """
    _write_csv(event_rows(events, public_only), EVENT_COLUMNS, stream)


def _at_precision(day, precision):
    return PartialDate(day, precision or Precision.DAY).iso() if day else None


def persons_json(persons, today, public_only=True):
    """``{"persons": [...]}``: each person's columns (lists for aliases and roles), ``status``, ``since``, ``days``."""
    listed = []
    for values, row in person_rows(persons, public_only):
        deprived = values["status"] in Status.DEPRIVED_OF_LIBERTY and values["deprived_since"] is not None
        listed.append({
            **row,
            "status": values["status"],
            "since": _at_precision(values["status_since"], values["status_since_precision"]),
            "days": max((today - values["deprived_since"]).days, 0) if deprived else None,
        })
    return {"persons": listed}


def events_json(events, public_only=True):
    """``{"events": [...]}``: each event's columns, with its persons and sources as lists (null for no end)."""
    rows = event_rows(events, public_only)
    return {"events": [{**row, "end_date": row["end_date"] or None} for _values, row in rows]}
