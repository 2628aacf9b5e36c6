"""Case spreadsheets in: what the checked rows change, written in bulk in one transaction.

Rows are matched to the database by their ``id``: a person's spreadsheet id, or the
``p<number>`` (``e<number>`` for an event) the downloads give a record entered in the admin.
A row is created, updated or left unchanged; a record the file no longer has is counted
and kept, never deleted. Statuses are derived again, once, for every person whose events
changed; the persons' name keys for suggestions are made as ``Person.save`` makes them.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from bayan.database import insert_rows, refresh_statistics, update_rows
from bayan.newsroom.signals import content_rewritten

from .models import Event, EventSource, Person, refresh_statuses_in_bulk
from .names import match_terms
from .records import event_rows, person_rows, role_order
from .spreadsheets import read_spreadsheets

security_log = logging.getLogger("bayan.security")
# Ids per query when rows of many records are deleted at once (under every database's parameter limit).
CHUNK = 2000


@dataclass
class Tally:
    """What an import did to the rows of one file."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    missing: int = 0

    def summary(self):
        return f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged"


@dataclass
class ImportReport:
    """The outcome per file, and whether anything was written."""

    persons_file: str
    events_file: str
    persons: Tally
    events: Tally
    dry_run: bool = False

    def lines(self):
        """The report as a newcomer reads it: per file, then what was left alone."""
        lines = [f"{self.persons_file}: persons {self.persons.summary()}",
                 f"{self.events_file}: events {self.events.summary()}"]
        for tally, kind, file in ((self.persons, "persons", self.persons_file),
                                  (self.events, "events", self.events_file)):
            if tally.missing:
                lines.append(f"{tally.missing} {kind} not in {file} were left as they are")
        return lines

    @property
    def rows(self):
        """How many rows the two files held."""
        return sum(len(tally.created) + len(tally.updated) + tally.unchanged for tally in (self.persons, self.events))


def import_spreadsheets(persons_name, persons_data, events_name, events_data, *, dry_run=False):
    """Import the persons file and the events file (their names, for messages, and their bytes).

    Raises ``spreadsheets.SpreadsheetErrors`` listing every error, having written nothing;
    otherwise writes everything in one transaction (nothing with ``dry_run``) and returns
    an ``ImportReport``.
    """
    existing_persons = _existing(person_rows(Person.objects.all(), public_only=False))
    persons, events, posts = read_spreadsheets(persons_name, persons_data, events_name, events_data,
                                               existing_persons)
    existing_events = _existing(event_rows(Event.objects.all(), public_only=False))
    _keep_persons_not_in_file(events, existing_events, {record["id"] for _row, record in persons})
    person_plan = _plan(persons, existing_persons)
    event_plan = _plan(events, existing_events)
    report = ImportReport(persons_name, events_name, person_plan, event_plan, dry_run)
    if dry_run or not (person_plan.created or person_plan.updated or event_plan.created or event_plan.updated):
        return report
    with transaction.atomic():
        person_ids = _write_persons(person_plan, existing_persons)
        touched, event_ids = _write_events(event_plan, existing_events, person_ids, posts)
        refresh_statuses_in_bulk(touched)
        refresh_statistics()
        # Rows were written in bulk, without the signals a save sends: the cached pages go now, and the
        # change log names each person and event written (the open data API's changes feed reads it).
        written_persons = {person_ids[record["id"]] for record in person_plan.created}
        written_persons |= {pk for pk, _record in person_plan.updated} | set(touched)
        resources = [("person", pk) for pk in sorted(written_persons)] + [("event", pk) for pk in sorted(event_ids)]
        content_rewritten.send(sender=import_spreadsheets, resources=resources)
    security_log.info("case spreadsheets imported: %s, %s", *report.lines()[:2])
    return report


def _keep_persons_not_in_file(events, existing_events, persons_in_file):
    """Events keep the persons the persons file leaves out, as those persons themselves are kept.

    A person missing from a later file is left as they are, their place in events included:
    a public download (which leaves internal persons out) imported over the records takes no
    internal person off a shared event. Taking a person off an event is done by listing the
    person in the persons file and leaving them out of the event's ``persons``.
    """
    for _row, record in events:
        known = existing_events.get(record["id"])
        if known is None:
            continue
        kept = [key for key in known[1]["persons"] if key not in persons_in_file and key not in record["persons"]]
        if kept:
            record["persons"] = sorted([*record["persons"], *kept])


def _existing(rows):
    """{id: (database id, record)} of the database's records; a spreadsheet id wins over a ``p<number>``."""
    by_id = {}
    for values, record in rows:
        if values["record_id"] or record["id"] not in by_id:
            by_id[record["id"]] = (values["pk"], record)
    return by_id


def _plan(checked, existing):
    tally = Tally()
    for _row, record in checked:
        known = existing.get(record["id"])
        if known is None:
            tally.created.append(record)
        elif known[1] != record:
            tally.updated.append((known[0], record))
        else:
            tally.unchanged += 1
    tally.missing = len(existing.keys() - {record["id"] for _row, record in checked})
    return tally


PERSON_FIELDS = ("name_en", "name_ar", "aliases", "gender", "affiliation", "visibility", "bio_en", "bio_ar")
EVENT_FIELDS = ("type", "date", "precision", "end_date", "place", "responsible", "note")


def _person_fields(record):
    return {"name_en": record["name_en"], "name_ar": record["name_ar"], "aliases": "\n".join(record["aliases"]),
            "gender": record["gender"], "affiliation": record["affiliation"], "visibility": record["visibility"],
            "bio_en": record["bio_en"], "bio_ar": record["bio_ar"]}


def _write_persons(plan, existing):
    """Create and update the persons, with their roles; {spreadsheet id: database id} of every person."""
    person_ids = {key: pk for key, (pk, _record) in existing.items()}
    taken, tried = set(Person.objects.values_list("slug", flat=True)), {}
    created = []
    for record in plan.created:
        person = Person(record_id=record["id"], **_person_fields(record))
        person.slug = _free_slug(person.slug_base(), taken, tried)
        person.match_terms = match_terms(person)
        created.append(person)
    _insert_instances(Person, created)
    new_ids = _ids_by_record_id(Person, {person.record_id for person in created})
    person_ids.update(new_ids)
    now = timezone.now()
    updated = []
    for pk, record in plan.updated:
        person = Person(pk=pk, updated_at=now, **_person_fields(record))
        person.match_terms = match_terms(person)
        updated.append(person)
    fields = [*PERSON_FIELDS, "match_terms", "updated_at"]
    update_rows(Person, fields, [[*(getattr(person, name) for name in fields), person.pk] for person in updated])
    old_roles = {pk: record["roles"] for pk, record in existing.values()}
    changed_roles = [(pk, record) for pk, record in plan.updated if old_roles[pk] != record["roles"]]
    _delete_links(Person.roles.through, "person_id", [pk for pk, _record in changed_roles])
    role_ids = {slug: pk for pk, slug in role_order().items()}
    insert_rows(Person.roles.through, ["person", "role"],
                [(pk, role_ids[slug]) for pk, record in [*((new_ids[record["id"]], record) for record in plan.created),
                                                         *changed_roles]
                 for slug in record["roles"]])
    return person_ids


def _insert_instances(model, instances):
    """Insert new ``instances`` with every field as a save would write it (``created_at`` and the like set)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    insert_rows(model, [field.name for field in fields],
                [[field.pre_save(instance, True) for field in fields] for instance in instances])


def _ids_by_record_id(model, wanted):
    """{spreadsheet id: database id} of the rows just written with the spreadsheet ids ``wanted``, in one query."""
    if not wanted:
        return {}
    return {record_id: pk for record_id, pk in model.objects.exclude(record_id=None).values_list("record_id", "pk")
            if record_id in wanted}


def _free_slug(base, taken, tried):
    """``base``, numbered when taken; the slug is then taken too. ``tried`` keeps the last number per base,
    so that a thousand namesakes do not each count up from 2."""
    slug, number = base, tried.get(base, 1)
    if number > 1:
        slug = f"{base}-{number}"
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    tried[base] = number
    return slug


def _event_fields(record):
    # The record's date was checked, and is written at its precision: its first day is read without parsing again.
    first_day = date.fromisoformat((record["date"] + "-01-01")[:10])
    return {"type": record["type"], "date": first_day, "precision": record["precision"],
            "end_date": record["end_date"] or None, "place": record["place"], "responsible": record["responsible"],
            "note": record["note"]}


def _write_events(plan, existing, person_ids, posts):
    """Create and update the events, their persons and sources.

    Returns the database ids of every person involved, and of every event written.
    """
    now = timezone.now()
    # Built as plain rows: events come by the ten thousand, and a model instance costs more than its row.
    fields = ["record_id", *EVENT_FIELDS, "created_at", "updated_at"]
    insert_rows(Event, fields, [[record["id"], *map(_event_fields(record).get, EVENT_FIELDS), now, now]
                                      for record in plan.created])
    new_ids = _ids_by_record_id(Event, {record["id"] for record in plan.created})
    update_rows(Event, [*EVENT_FIELDS, "updated_at"],
                [[*map(_event_fields(record).get, EVENT_FIELDS), now, pk] for pk, record in plan.updated])
    old = dict(existing.values())
    written = [*((new_ids[record["id"]], record) for record in plan.created), *plan.updated]
    touched = {person_ids[key] for pk, _record in plan.updated for key in old[pk]["persons"]}
    touched |= {person_ids[key] for _pk, record in written for key in record["persons"]}
    new_persons = [(pk, record) for pk, record in written if pk not in old or old[pk]["persons"] != record["persons"]]
    _delete_links(Event.persons.through, "event_id", [pk for pk, _record in new_persons if pk in old])
    insert_rows(Event.persons.through, ["event", "person"],
                [(pk, person_ids[key]) for pk, record in new_persons for key in record["persons"]])
    new_sources = [(pk, record) for pk, record in written if pk not in old or old[pk]["sources"] != record["sources"]]
    _delete_links(EventSource, "event_id", [pk for pk, _record in new_sources if pk in old])
    insert_rows(EventSource, ["event", "sort_order", "post", "url"],
                [(pk, order, posts.get(address), "" if address in posts else address)
                 for pk, record in new_sources for order, address in enumerate(record["sources"])])
    return touched, [pk for pk, _record in written]


def _delete_links(model, column, ids):
    for start in range(0, len(ids), CHUNK):
        model.objects.filter(**{f"{column}__in": ids[start:start + CHUNK]}).delete()
