"""Small case spreadsheets for the import's and the downloads' tests, written as a spreadsheet program saves them."""

import csv
import io

from bayan.cases.importing import import_spreadsheets
from bayan.cases.records import EVENT_COLUMNS, PERSON_COLUMNS

PERSONS = [
    {"id": "P1", "name_en": "Rana Qasim", "name_ar": "رنا قاسم", "aliases": "Rana Kassem|رنا القاسم",
     "gender": "female", "roles": "journalist|محامٍ", "affiliation": "Valley Voice", "bio_en": "A reporter.",
     "bio_ar": "صحفية."},
    {"id": "P2", "name_en": "Omar Haddad", "roles": "Blogger"},
    {"id": "P3", "name_ar": "سامي النجار", "visibility": "internal"},
]
EVENTS = [
    {"id": "E1", "persons": "P1|P2", "type": "abducted", "date": "2013-12", "place": "Douma",
     "sources": "https://example.org/report"},
    {"id": "E2", "persons": "P1", "type": "detained", "date": "2014-02-03", "end_date": "2014-02-10",
     "note": "Seen in a prison\nby a released detainee."},
    {"id": "E3", "persons": "P2|P3", "type": "released", "date": "2015"},
]


def table(columns, rows):
    """The bytes of a CSV file with ``columns`` as header and ``rows`` (dicts, missing cells empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode()


def persons_file(rows=PERSONS, columns=PERSON_COLUMNS):
    return table(columns, rows)


def events_file(rows=EVENTS, columns=EVENT_COLUMNS):
    return table(columns, rows)


def run_import(persons=None, events=None, **options):
    """Import the given files' bytes (the standard ones by default) as persons.csv and events.csv."""
    return import_spreadsheets("persons.csv", persons_file() if persons is None else persons,
                               "events.csv", events_file() if events is None else events, **options)
