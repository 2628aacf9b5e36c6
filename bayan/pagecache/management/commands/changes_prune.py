from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bayan.pagecache.changelog import FEWEST_DAYS_KEPT, prune


class Command(BaseCommand):
    help = (
        "Removes the change log's entries older than BAYAN_CHANGE_LOG_DAYS (or --days), keeping the newest "
        "and any the open data API has not read yet. The log is what the API's changes feed and the static "
        "mirror follow: a partner whose token is older than what is kept is told to start again from "
        "/api/v1/snapshot/, and a mirror last synced before it renders itself whole. `bayan serve` runs it "
        "every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"keep this many days of entries instead of BAYAN_CHANGE_LOG_DAYS (at least "
                                 f"{FEWEST_DAYS_KEPT}, so that a follower that runs once a day misses nothing)")

    def handle(self, *args, days, **options):
        days = settings.BAYAN_CHANGE_LOG_DAYS if days is None else days
        if days < FEWEST_DAYS_KEPT:
            raise CommandError(f"--days must be at least {FEWEST_DAYS_KEPT}, not {days}: a partner or a mirror "
                               "that follows the log once a day would find the entries since its last run gone.")
        removed = prune(timezone.now() - timedelta(days=days))
        if options["verbosity"]:
            self.stdout.write(f"{removed} change log entr{'y' if removed == 1 else 'ies'} older than {days} "
                              f"day{'' if days == 1 else 's'} removed.")
