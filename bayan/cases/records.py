"""Case records as rows of the spreadsheet's columns: what the import compares and the downloads write.

One definition of a row serves both ways, so that a download imports back as unchanged:
the import reads the database's rows through ``person_rows``/``event_rows`` and compares
them with the file's, cell by cell, after reading the file's cells into the same form.

A row is a dict of the columns' values: text for the plain columns, lists of text for the
list columns (written joined by ``|``). A person's id is their spreadsheet id
(``record_id``), or ``p<number>`` for a person entered in the admin; an event's likewise,
``e<number>``. With ``public_only`` (the default, for every public output) internal persons
are left out, events that involve only internal persons too, and an event's ``persons``
names only its public ones; a source that is a post readers may not see is left out.
"""

from django.conf import settings

from bayan.addresses import post_address
from bayan.newsroom.models import PostPage

from .dates import PartialDate, Precision
from .models import Event, EventSource, Person, Role

PERSON_COLUMNS = ("id", "name_en", "name_ar", "aliases", "gender", "roles", "affiliation", "visibility",
                  "bio_en", "bio_ar")
EVENT_COLUMNS = ("id", "persons", "type", "date", "precision", "end_date", "place", "responsible", "sources",
                 "note")
LIST_COLUMNS = frozenset({"aliases", "roles", "persons", "sources"})
LIST_SEPARATOR = "|"

PERSON_FIELDS = ("pk", "record_id", "name_en", "name_ar", "aliases", "gender", "affiliation", "visibility",
                 "bio_en", "bio_ar", "status", "status_since", "status_since_precision", "deprived_since",
                 "deprived_since_precision")
EVENT_FIELDS = ("pk", "record_id", "type", "date", "precision", "end_date", "place", "responsible", "note")


def person_key(pk, record_id):
    """The id a person has in spreadsheets: their spreadsheet id, else ``p<number>``."""
    return record_id or f"p{pk}"


def event_key(pk, record_id):
    """The id an event has in spreadsheets: its spreadsheet id, else ``e<number>``."""
    return record_id or f"e{pk}"


def split_list(cell):
    """A list cell's items: separated by ``|`` (or a line break), trimmed, empty ones left out."""
    return [item.strip() for item in cell.replace("\n", LIST_SEPARATOR).split(LIST_SEPARATOR) if item.strip()]


def cell_text(row, column):
    """A row's value for ``column`` as written in a CSV cell."""
    value = row[column]
    return LIST_SEPARATOR.join(value) if column in LIST_COLUMNS else value


def role_order():
    """Each role's slug by its id, in the roles' own order (a person's roles are written in it)."""
    return dict(Role.objects.order_by("sort_order", "slug").values_list("pk", "slug"))


def post_source_address(language, slug):
    """The full address of a post of this site, as a source is written in a spreadsheet."""
    return f"{settings.BASE_URL}{post_address(language, slug)}"


def person_rows(persons, public_only=True):
    """``(values, row)`` for each person of the queryset ``persons``, in its order.

    ``values`` holds the person's fields as the database has them (the derived status
    among them), ``row`` the spreadsheet's columns. Three queries, whatever the number.
    """
    if public_only:
        persons = persons.visible_to_readers()
    slugs = role_order()
    position = {pk: index for index, pk in enumerate(slugs)}
    roles_of = {}
    links = Person.roles.through.objects.filter(person__in=persons.values("pk")).values_list("person_id", "role_id")
    for person_id, role_id in links:
        roles_of.setdefault(person_id, []).append(role_id)
    for values in persons.values(*PERSON_FIELDS).iterator(chunk_size=2000):
        roles = sorted(roles_of.get(values["pk"], ()), key=position.__getitem__)
        yield values, {
            "id": person_key(values["pk"], values["record_id"]),
            "name_en": values["name_en"],
            "name_ar": values["name_ar"],
            "aliases": [line.strip() for line in values["aliases"].splitlines() if line.strip()],
            "gender": values["gender"],
            "roles": [slugs[role_id] for role_id in roles],
            "affiliation": values["affiliation"],
            "visibility": values["visibility"],
            "bio_en": values["bio_en"],
            "bio_ar": values["bio_ar"],
        }


def event_rows(events, public_only=True):
    """``(values, row)`` for each event of the queryset ``events``, in its order (see ``person_rows``)."""
    if public_only:
        events = events.visible_to_readers()
    chosen = events.values("pk")
    persons = Person.objects.visible_to_readers() if public_only else Person.objects.all()
    keys = {pk: person_key(pk, record_id) for pk, record_id in persons.values_list("pk", "record_id")}
    persons_of = {}
    for event_id, person_id in Event.persons.through.objects.filter(event__in=chosen).values_list(
            "event_id", "person_id"):
        if person_id in keys:
            persons_of.setdefault(event_id, []).append(keys[person_id])
    sources_of = _sources(chosen, public_only)
    for values in events.values(*EVENT_FIELDS).iterator(chunk_size=2000):
        end = values["end_date"]
        yield values, {
            "id": event_key(values["pk"], values["record_id"]),
            "persons": sorted(persons_of.get(values["pk"], ())),
            "type": values["type"],
            "date": PartialDate(values["date"], values["precision"] or Precision.DAY).iso(),
            "precision": values["precision"],
            "end_date": end.isoformat() if end else "",
            "place": values["place"],
            "responsible": values["responsible"],
            "sources": sources_of.get(values["pk"], []),
            "note": values["note"],
        }


def _sources(chosen_events, public_only):
    """Each event's sources as written in a spreadsheet: a post's full address, or the address elsewhere."""
    sources = EventSource.objects.filter(event__in=chosen_events).order_by("event_id", "sort_order", "pk")
    visible_posts = None
    if public_only:
        visible_posts = set(PostPage.objects.visible_to_readers().filter(
            pk__in=sources.exclude(post=None).values("post_id")).values_list("pk", flat=True))
    sources_of = {}
    for event_id, url, post_id, slug, language in sources.values_list(
            "event_id", "url", "post_id", "post__slug", "post__locale__language_code"):
        if post_id is None:
            address = url
        elif visible_posts is None or post_id in visible_posts:
            address = post_source_address(language, slug)
        else:
            continue
        sources_of.setdefault(event_id, []).append(address)
    return sources_of
