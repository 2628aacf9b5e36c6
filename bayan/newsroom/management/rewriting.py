"""The base of every job that rewrites what readers see: it announces the rewrite when it ends."""

from django.core.management.base import BaseCommand

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
        except BaseException:
            if not self.writes_nothing(options):
                # The job's own error is the one to report; a failure to announce must not hide it.
                content_rewritten.send_robust(sender=type(self))
            raise
        if not self.writes_nothing(options):
            content_rewritten.send(sender=type(self))
        return result

    @staticmethod
    def writes_nothing(options):
        return bool(options.get("dry_run") or options.get("check"))
