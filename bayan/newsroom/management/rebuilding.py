"""What the ``*-rebuild`` jobs share: run a rebuild function, with a running count on a terminal."""

import time

from .rewriting import RewritingCommand


class RebuildCommand(RewritingCommand):
    """Calls ``rebuild(progress=...)``, which returns how many posts it went through."""

    done = "Rebuilt from {count:,} posts in {seconds:.1f} s."

    def rebuild(self, progress):
        raise NotImplementedError

    def handle(self, *args, **options):
        started = time.monotonic()
        tty = self.stdout.isatty()

        def progress(done, total):
            if tty:
                self.stdout.write(f"\r  {done:,} / {total:,} posts", ending="")
                self.stdout.flush()

        count = self.rebuild(progress)
        if tty:
            self.stdout.write("")
        self.stdout.write(self.done.format(count=count, seconds=time.monotonic() - started))
