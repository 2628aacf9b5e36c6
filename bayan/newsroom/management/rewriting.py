"""The base of every job that rewrites what readers see: it announces the rewrite when it ends."""

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from bayan.database import unapplied_migrations
from bayan.newsroom.signals import content_rewritten


class RewritingCommand(BaseCommand):
    """A management command that may change reader-visible rows behind the per-row signals' back.

    When it ends, even by an error (batches committed before it stay), it sends
    ``content_rewritten``, and every cached reader page becomes stale. A run given
    ``--dry-run`` or ``--check`` writes nothing and announces nothing.
    """

    def execute(self, *args, **options):
        try:
            result = super().execute(*args, **options)
        except BaseException as error:
            # On a database `bayan migrate` has not set up, nothing was written and nothing can be announced.
            unmigrated = isinstance(error, DatabaseError) and bool(unapplied_migrations())
            if not self.writes_nothing(options) and not unmigrated:
                # The job's own error is the one to report; a failure to announce must not hide it.
                content_rewritten.send_robust(sender=type(self))
            raise
        if not self.writes_nothing(options):
            content_rewritten.send(sender=type(self))
        return result

    @staticmethod
    def writes_nothing(options):
        return bool(options.get("dry_run") or options.get("check"))
