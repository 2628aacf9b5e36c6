from datetime import timedelta

from django.core.management.base import BaseCommand

from bayan.mirror.tasks import queue_sync, sync_is_due


class Command(BaseCommand):
    help = (
        "Queue a sync of the kept mirror (BAYAN_MIRROR_DIR) when one is due though nothing was edited: a post "
        "dated in the future came into view, or the signature is a day old (it is re-signed daily so that "
        "readers' checks can tell a copy that stopped following the site). `bayan serve` runs this every minute; "
        "edits queue their own sync within seconds."
    )

    def handle(self, *args, **options):
        reason = sync_is_due()
        if reason and queue_sync(delay=timedelta(0)):
            self.stdout.write(f"Mirror sync queued: {reason}.")
