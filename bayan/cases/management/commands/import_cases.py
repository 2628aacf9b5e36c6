"""``bayan import-cases``: the organisation's case spreadsheets (persons, events) into the case records."""

import textwrap
import time
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import CommandError

from bayan.cases.importing import import_spreadsheets
from bayan.cases.records import EVENT_COLUMNS, PERSON_COLUMNS
from bayan.cases.spreadsheets import SpreadsheetErrors
from bayan.newsroom.management.rewriting import RewritingCommand

EXPLANATION = f"""\
Save each sheet as "CSV UTF-8" with the column names on the first row (in any order).

PERSONS.csv columns: {", ".join(PERSON_COLUMNS)}
  aliases and roles: several separated by | ; roles by their slug or name, in English or Arabic
  gender: female, male, other or empty; visibility: public or internal (empty is public)
EVENTS.csv columns:  {", ".join(EVENT_COLUMNS)}
  persons: person ids separated by | ; type: arrested, detained, abducted, disappeared, charged,
  tried, sentenced, transferred, released, killed, executed, died_in_custody, death_confirmed, other
  date: YYYY-MM-DD, YYYY-MM or YYYY; precision: day, month, year, or empty to take it from the date
  sources: web addresses separated by | (this site's post addresses are linked to the post)

Rows are matched to the records by their id: importing the same files again changes nothing,
a changed row updates its record, and a record missing from a file is reported and kept, never
deleted. Every error in either file is listed as FILE:LINE:COLUMN: message, and then nothing at
all is written. The columns are explained in docs/cases.md.

Example:
  bayan import-cases persons.csv events.csv --dry-run   # check and report, write nothing
  bayan import-cases persons.csv events.csv
"""


class Command(RewritingCommand):
    help = ("Import case records from two spreadsheets saved as CSV: one row per person in PERSONS.csv, one "
            "row per event of their timelines in EVENTS.csv. Statuses are derived from the events.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.description = textwrap.fill(self.help, 79)
        parser.epilog = EXPLANATION
        return parser

    def add_arguments(self, parser):
        parser.add_argument("persons", metavar="PERSONS.csv", help="the persons' spreadsheet, saved as CSV UTF-8")
        parser.add_argument("events", metavar="EVENTS.csv", help="the events' spreadsheet, saved as CSV UTF-8")
        parser.add_argument("--dry-run", action="store_true",
                            help="check both files and report what would change, writing nothing")

    def handle(self, *args, **options):
        files = [Path(options["persons"]), Path(options["events"])]
        contents = []
        for path in files:
            try:
                contents.append(path.read_bytes())
            except FileNotFoundError:
                raise CommandError(f"{path}: no such file") from None
            except IsADirectoryError:
                raise CommandError(f"{path}: a folder, not a file") from None
            except OSError as error:
                raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
        started = time.monotonic()
        try:
            report = import_spreadsheets(str(files[0]), contents[0], str(files[1]), contents[1],
                                         dry_run=options["dry_run"])
        except SpreadsheetErrors as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            count = len(refused.errors)
            raise CommandError(f"{count} error{'' if count == 1 else 's'} in the files: nothing was imported.") \
                from None
        seconds = time.monotonic() - started
        title = "Dry run: nothing was written." if report.dry_run else "Import finished."
        self.stdout.write(f"{title} ({report.rows:,} rows in {seconds:.1f} s, {report.rows / max(seconds, 0.001):,.0f} "
                          "rows/s)")
        for line in report.lines():
            self.stdout.write(f"  {line}")
