import time

from django.core.management.base import BaseCommand

from bayan.search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every published post. The index follows every edit by itself; "
        "run this after restoring an old database, or after an upgrade whose notes ask for it."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        tty = self.stdout.isatty()

        def progress(done, total):
            if tty:
                self.stdout.write(f"\r  {done:,} / {total:,} posts", ending="")
                self.stdout.flush()

        count = rebuild(progress=progress)
        if tty:
            self.stdout.write("")
        self.stdout.write(f"Indexed {count:,} posts in {time.monotonic() - started:.1f} s.")
