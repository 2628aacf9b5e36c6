import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bayan.search import postings
from bayan.search.backends import backend_for


class Command(BaseCommand):
    help = (
        "Keeps the search's sets of common terms (those at least BAYAN_SEARCH_POSTINGS_FROM posts hold) in the "
        "database, so that a word's first search reads one row per term instead of gathering its posts from the "
        "full-text index. Without options it brings the rows the latest edits left behind up to date, a few "
        "hundred per run (`bayan serve` runs it every minute). With --build it writes every common term's row "
        "afresh: run it after a large import. `bayan search-rebuild` does that too. Searches find the same "
        "posts with or without the rows, only sooner."
    )

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true",
                            help="write every common term's row afresh (a minute or so at 100,000 posts)")
        parser.add_argument("--from", dest="least", type=int, default=None, metavar="POSTS",
                            help="with --build: keep the terms at least this many posts hold (default: "
                                 "BAYAN_SEARCH_POSTINGS_FROM)")

    def handle(self, *args, build, least, **options):
        if least is not None and not build:
            raise CommandError("--from only applies with --build (the rows kept are those the last build chose).")
        if least is not None and least < 1:
            raise CommandError(f"--from must be at least 1 post, not {least}.")
        backend = backend_for(connection)
        started = time.monotonic()
        if build:
            count = postings.build(connection, backend, least)
            self.stdout.write(f"Kept the sets of {count:,} terms held by at least "
                              f"{least or settings.BAYAN_SEARCH_POSTINGS_FROM:,} posts, "
                              f"in {time.monotonic() - started:.1f} s.")
            return
        count = postings.refresh(connection, backend)
        if options["verbosity"] and count:
            self.stdout.write(f"Brought {count:,} kept term sets up to date in {time.monotonic() - started:.1f} s.")
