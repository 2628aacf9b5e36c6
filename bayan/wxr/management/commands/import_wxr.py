"""``bayan import-wxr``: the WordPress import, its options, its progress and its report."""

import json
import signal
import sys
import time
from pathlib import Path

from django.core.management.base import CommandError

from bayan.newsroom.management.rewriting import RewritingCommand
from bayan.wxr.importer import BATCH, ImportIncomplete, import_files
from bayan.wxr.languages import parse_map, site_languages
from bayan.wxr.reader import WXRError

STOPPED = ("import stopped: the batches before the unfinished one are kept, that one was not written; "
           "importing the same files again completes the import")


class Command(RewritingCommand):
    help = (
        "Import WordPress exports (WXR files from Tools > Export) into the newsroom, keeping every old address "
        "working. Importing the same export again changes nothing; a newer export updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE",
                            help="WXR files of one site; give every part of a split export at once")
        parser.add_argument("--language", choices=site_languages(),
                            help="language of items the export does not mark (default: the export's own, else en)")
        parser.add_argument("--map-language", action="append", default=[], metavar="SRC=DEST",
                            help="import items marked with language SRC, which this site does not publish, as DEST "
                                 "(one of the site's languages); repeat for several. Without it such items are "
                                 "skipped and named in the report")
        parser.add_argument("--uploads", metavar="DIR",
                            help="a local copy of the old site's wp-content/uploads: attachments found there are "
                                 "copied into the media library (else their original addresses are kept)")
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would happen and write nothing (the --report file aside)")
        parser.add_argument("--report", metavar="FILE", help="also write the report as JSON to FILE")
        parser.add_argument("--batch-size", type=int, metavar="N",
                            help=f"posts and pages written per committed batch (default {BATCH})")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file")
            if not path.is_file():
                raise CommandError(f"{path}: not a file")
        if options["uploads"] and not Path(options["uploads"]).is_dir():
            raise CommandError(f"--uploads {options['uploads']}: not a folder")
        if options["batch_size"] is not None and options["batch_size"] < 1:
            raise CommandError(f"--batch-size {options['batch_size']}: must be at least 1")
        try:
            language_map = parse_map(options["map_language"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(STOPPED))
        self.started = time.monotonic()
        failure = None
        try:
            report = import_files(paths, default_language=options["language"], dry_run=options["dry_run"],
                                  progress=self.progress, uploads=options["uploads"], language_map=language_map,
                                  batch_size=options["batch_size"])
        except WXRError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        except KeyboardInterrupt:
            raise CommandError(STOPPED) from None
        except ImportIncomplete as incomplete:
            report, failure = incomplete.report, incomplete.report.incomplete["message"]
        if self.stderr.isatty():
            self.stderr.write("")
        self.print_report(report, time.monotonic() - self.started)
        if options["report"]:
            try:
                Path(options["report"]).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
            except OSError as error:
                raise CommandError(f"could not write the report to {options['report']}: {error.strerror}") from None
        if failure:
            # After the report: it says what was kept; the message, and the exit status, what went wrong.
            raise CommandError(failure)

    def progress(self, done, total):
        """A bar with counts, rate and time left on a terminal; a plain line per batch in a log."""
        rate = done / max(time.monotonic() - self.started, 0.001)
        if not self.stderr.isatty():
            self.stderr.write(f"{done:,} of {total:,} items read ({rate:,.0f}/s)")
            return
        width = 30
        filled = width if not total else min(width, width * done // total)
        left = (total - done) / rate if rate and total > done else 0
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} items  "
                          f"{rate:,.0f}/s  {left:,.0f} s left ", ending="")

    def print_report(self, report, seconds):
        if report.incomplete:
            title = "Dry run stopped: nothing was written." if report.dry_run else "Import stopped before its end."
        else:
            title = "Dry run: nothing was written." if report.dry_run else "Import finished."
        self.stdout.write(f"{title} ({seconds:.1f} s)")
        if report.resumed:
            self.stdout.write("  an earlier import of this site stopped before its end; this one completed it")
        for line in self.language_lines(report):
            self.stdout.write(f"  {line}")
        for kind, outcomes in sorted(report.counts.items()):
            figures = ", ".join(f"{outcome} {count}" for outcome, count in sorted(outcomes.items()))
            self.stdout.write(f"  {kind}: {figures}")
        for number, skipped in enumerate(report.skipped, start=1):
            self.stdout.write(f"  skipped {number}: {skipped['where']} {skipped['kind']} {skipped['wp_id']}: "
                              f"{skipped['reason']}")
        if report.unknown_shortcodes:
            names = ", ".join(f"[{name}] ×{count}" for name, count in report.unknown_shortcodes.most_common())
            self.stdout.write(f"  unknown shortcodes, kept as text: {names}")
        for problem in report.problems:
            self.stdout.write(self.style.WARNING(f"  problem: {problem}"))
        if report.incomplete:
            self.stdout.write(self.style.ERROR(f"  stopped: {report.incomplete['message']}"))

    @staticmethod
    def language_lines(report):
        """One line per language found: how many items carry it and what they become."""
        lines = []
        for code, found in report.languages.items():
            name = f" ({found['name']})" if found.get("name") else ""
            becomes = f"imported as {found['imported_as']}" if found["imported_as"] else "skipped: not published here"
            lines.append(f"language {code}{name}: {_items(found['items'])}, {becomes}")
        if report.unmarked:
            lines.append(f"no language mark: {_items(report.unmarked['items'])}, imported as "
                         f"{report.unmarked['imported_as']}")
        return lines


def _items(number):
    return f"{number:,} item" if number == 1 else f"{number:,} items"
