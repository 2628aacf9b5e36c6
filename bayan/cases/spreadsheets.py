"""Case spreadsheets in: reading and checking the two CSV files of ``bayan import-cases``.

Both files are read and checked whole before anything is written (``spreadsheet_writing``):
every error of either file is reported as ``FILE:LINE:COLUMN: message``, LINE being the
line of the file where the row starts and COLUMN the name of its column in the header.
A checked row is turned into the form ``records.person_rows``/``event_rows`` give the
database's rows, so the two compare cell by cell.
"""

import csv
import io
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from bayan.newsroom.models import PostPage

from .dates import DateError, PartialDate
from .models import Event, EventSource, EventType, Gender, Person, Role, Visibility
from .records import EVENT_COLUMNS, LIST_SEPARATOR, PERSON_COLUMNS, post_source_address, split_list

# A byte that is not UTF-8 comes out of ``surrogateescape`` decoding as one of these.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_BLANK = re.compile(r"[\s\x00-\x1f]")
_DOCUMENTATION = "the columns are listed in docs/cases.md"
# What the choice columns may hold (an empty gender is allowed; an empty visibility is public).
GENDERS = ["", *Gender.values]
VISIBILITIES = Visibility.values
EVENT_TYPES = EventType.values


@dataclass(frozen=True, order=True)
class RowError:
    """One thing wrong in a file, where it is: the file's name, the row's first line, the column's name."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class SpreadsheetErrors(Exception):
    """The files cannot be imported; ``errors`` lists every reason, file by file, line by line."""

    def __init__(self, errors):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class Row:
    """A row of a file: the line it starts on and its cells by column name, as written."""

    line: int
    cells: dict


def read_table(name, data, columns):
    """The rows of the CSV file ``name`` (its bytes ``data``) with the header ``columns``, and the errors found.

    A file that is not UTF-8, or whose header is not exactly ``columns`` (in any order),
    gives its errors and no rows: its cells cannot be trusted to be what they seem.
    """
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        start = 1
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return [], [RowError(name, reader.line_num, columns[0], f"not a CSV file a spreadsheet wrote ({error})")]
    if not records:
        return [], [RowError(name, 1, columns[0], f"the file is empty: its first line must name the columns; "
                                                   f"{_DOCUMENTATION}")]
    undecodable = _first_undecodable(records, columns) if _UNDECODABLE.search(text) else None
    if undecodable:
        line, column = undecodable
        return [], [RowError(name, line, column, "this is not UTF-8 text: the file was saved in another encoding. "
                                                 "Save it as “CSV UTF-8” and import it again")]
    header = [cell.strip().lower() for cell in records[0][1]]
    errors = _header_errors(name, header, columns)
    if errors:
        return [], errors
    rows = []
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            errors.append(RowError(name, line, header[len(cells)],
                                   f"this row has {len(cells)} cells, the header {len(header)} columns"))
            continue
        if any(cell.strip() for cell in cells[len(header):]):
            errors.append(RowError(name, line, f"cell {len(header) + 1}",
                                   f"this row has {len(cells)} cells, the header only {len(header)} columns"))
            continue
        rows.append(Row(line, dict(zip(header, cells, strict=False))))
    return rows, errors


def _first_undecodable(records, columns):
    """(line, column) of the first cell holding a byte that is not UTF-8, or None."""
    header = [cell.strip() for cell in records[0][1]]
    for line, cells in records:
        for index, cell in enumerate(cells):
            if _UNDECODABLE.search(cell):
                column = header[index] if line > 1 and index < len(header) else columns[min(index, len(columns) - 1)]
                return line, _UNDECODABLE.sub("?", column)
    return None


def _header_errors(name, header, columns):
    errors = []
    expected = ", ".join(columns)
    seen = set()
    for column in header:
        if column not in columns:
            errors.append(RowError(name, 1, column or "(empty)",
                                   f"unknown column “{column}”: the columns are {expected}"))
        elif column in seen:
            errors.append(RowError(name, 1, column, f"the column {column} is named twice"))
        seen.add(column)
    errors += [RowError(name, 1, column, f"the column {column} is missing: the columns are {expected}")
               for column in columns if column not in seen]
    return errors


class RowChecker:
    """Checks rows and turns them into records' form, collecting errors with their file, line and column."""

    def __init__(self, name, errors):
        self.name = name
        self.errors = errors
        self.ids = {}

    def error(self, row, column, message):
        self.errors.append(RowError(self.name, row.line, column, message))

    def text(self, row, column, model, field=None):
        """The cell trimmed, refused when longer than the model's field allows."""
        value = row.cells[column].strip()
        limit = model._meta.get_field(field or column).max_length
        if limit and len(value) > limit:
            self.error(row, column, f"{len(value)} characters: at most {limit} fit")
        return value

    def row_id(self, row, model):
        """The row's id: present, short enough, without ``|``, and on no earlier row of the file."""
        value = self.text(row, "id", model, "record_id")
        if not value:
            self.error(row, "id", "every row needs an id")
        elif LIST_SEPARATOR in value:
            self.error(row, "id", f"an id cannot hold “{LIST_SEPARATOR}”, which separates ids in the events' "
                                  "persons column")
        elif value in self.ids:
            self.error(row, "id", f"the id {value} is already on line {self.ids[value]}")
        else:
            self.ids[value] = row.line
        return value

    def choice(self, row, column, allowed, default=""):
        """The cell as one of ``allowed`` (any case), ``default`` when empty."""
        value = row.cells[column].strip().lower() or default
        if value not in allowed:
            choices = ", ".join(choice for choice in allowed if choice)
            self.error(row, column, f"“{row.cells[column].strip()}” is not one of {choices}")
        return value


def check_persons(name, rows, errors):
    """The persons' rows in records' form, in the file's order; errors are added to ``errors``."""
    checker = RowChecker(name, errors)
    roles = Role.objects.order_by("sort_order", "slug")
    role_named = {}
    for role in roles:
        for label in (role.slug, role.name_en, role.name_ar):
            if label:
                role_named.setdefault(label.strip().casefold(), role)
    position = {role.pk: index for index, role in enumerate(roles)}
    checked = []
    for row in rows:
        record = {"id": checker.row_id(row, Person)}
        for column in ("name_en", "name_ar", "affiliation"):
            record[column] = checker.text(row, column, Person)
        if not record["name_en"] and not record["name_ar"]:
            checker.error(row, "name_en", "a person needs a name in English or in Arabic")
        record["aliases"] = split_list(row.cells["aliases"])
        record["gender"] = checker.choice(row, "gender", GENDERS)
        found = []
        for label in split_list(row.cells["roles"]):
            role = role_named.get(label.casefold())
            if role is None:
                checker.error(row, "roles", f"no role is named “{label}”: the roles are "
                                            f"{', '.join(role.slug for role in roles)}")
            elif role not in found:
                found.append(role)
        record["roles"] = [role.slug for role in sorted(found, key=lambda role: position[role.pk])]
        record["visibility"] = checker.choice(row, "visibility", VISIBILITIES, default=Visibility.PUBLIC)
        record["bio_en"], record["bio_ar"] = row.cells["bio_en"].strip(), row.cells["bio_ar"].strip()
        checked.append((row, record))
    return checked


def check_events(name, rows, errors, known_persons, persons_file):
    """The events' rows in records' form, in the file's order; errors are added to ``errors``.

    ``known_persons`` holds every person id an event may name: the persons file's and the
    database's (a person left out of a later file is still there).
    """
    checker = RowChecker(name, errors)
    sources = SourceReader()
    checked = []
    for row in rows:
        record = {"id": checker.row_id(row, Event)}
        persons = sorted(set(split_list(row.cells["persons"])))
        if not persons:
            checker.error(row, "persons", "an event needs at least one person: their ids separated by |")
        unknown = [person for person in persons if known_persons is not None and person not in known_persons]
        if unknown:
            checker.error(row, "persons", f"no person has the id {', '.join(unknown)}, neither in {persons_file} "
                                          "nor already imported")
        record["persons"] = persons
        record["type"] = checker.choice(row, "type", EVENT_TYPES)
        when = _check_date(checker, row)
        record["date"], record["precision"] = (when.iso(), when.precision) if when else ("", "")
        record["end_date"] = _check_end(checker, row, when)
        record["place"] = checker.text(row, "place", Event)
        record["responsible"] = checker.text(row, "responsible", Event)
        record["sources"] = [sources.check(checker, row, address) for address in split_list(row.cells["sources"])]
        record["note"] = row.cells["note"].strip()
        checked.append((row, record))
    canonical = sources.resolve_posts()
    for _row, record in checked:
        record["sources"] = [canonical.get(address, address) for address in record["sources"]]
    return checked, sources.posts


def _check_date(checker, row):
    """The event's date at its precision, or None after reporting why it cannot be."""
    try:
        written = PartialDate.parse(row.cells["date"])
    except DateError as error:
        checker.error(row, "date", str(error) if row.cells["date"].strip() else "every event needs a date")
        return None
    precision = row.cells["precision"].strip().lower()
    if not precision:
        return written
    try:
        return PartialDate.parse(row.cells["date"], precision)
    except DateError as error:
        checker.error(row, "precision", str(error))
        return None


def _check_end(checker, row, when):
    """The last day of the end date (``YYYY-MM-DD``), empty when there is none; never before the start."""
    text = row.cells["end_date"].strip()
    if not text:
        return ""
    try:
        end = PartialDate.parse(text).last_day()
    except DateError as error:
        checker.error(row, "end_date", str(error))
        return ""
    if when is not None and end < when.first_day:
        checker.error(row, "end_date", f"the event ends ({text}) before it starts ({when.iso()})")
    return end.isoformat()


class SourceReader:
    """Sources as written in a spreadsheet: web addresses, those of this site's posts stored as the post."""

    def __init__(self):
        self.site = urlsplit(settings.BASE_URL)
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.wanted = {}
        self.posts = {}

    def check(self, checker, row, address):
        """The address, refused unless it is an http(s) address; noted when it may be one of this site's posts."""
        try:
            parts = urlsplit(address)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or _BLANK.search(address):
            checker.error(row, "sources", f"“{address}” is not a web address starting with http:// or https://")
            return address
        limit = EventSource._meta.get_field("url").max_length
        if len(address) > limit:
            checker.error(row, "sources", f"an address of {len(address)} characters: at most {limit} fit")
        segments = parts.path.split("/")
        if (parts.scheme, parts.netloc) == (self.site.scheme, self.site.netloc) and len(segments) == 4 \
                and segments[1] in self.languages and segments[2] and not segments[3]:
            self.wanted[address] = (segments[1], unquote(segments[2]))
        return address

    def resolve_posts(self):
        """{address as written: the post's address as the export writes it} for this site's posts.

        ``self.posts`` then maps each such address to the post's id.
        """
        found = {}
        if self.wanted:
            # The oldest post of a language and slug is the one its address serves; it is read last.
            for pk, slug, language in PostPage.objects.filter(
                    slug__in={slug for _language, slug in self.wanted.values()}).order_by("-pk").values_list(
                    "pk", "slug", "locale__language_code"):
                found[(language, slug)] = pk
        canonical = {}
        for address, (language, slug) in self.wanted.items():
            if (language, slug) in found:
                canonical[address] = post_source_address(language, slug)
                self.posts[canonical[address]] = found[(language, slug)]
        return canonical


def read_spreadsheets(persons_name, persons_data, events_name, events_data, existing_person_ids):
    """Both files read and checked: (persons, events, posts), or ``SpreadsheetErrors`` listing every error.

    ``persons`` and ``events`` are lists of (row, record); ``posts`` maps each source address
    that is a post of this site to the post's id.
    """
    errors = []
    person_rows, person_errors = read_table(persons_name, persons_data, PERSON_COLUMNS)
    errors += person_errors
    event_rows, event_errors = read_table(events_name, events_data, EVENT_COLUMNS)
    errors += event_errors
    persons = check_persons(persons_name, person_rows, errors)
    # Without a readable persons file, which person ids exist is unknown: they are not checked.
    known = None if person_errors else {record["id"] for _row, record in persons} | set(existing_person_ids)
    events, posts = check_events(events_name, event_rows, errors, known, persons_name)
    if errors:
        raise SpreadsheetErrors(errors)
    return persons, events, posts
