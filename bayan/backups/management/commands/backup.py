from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bayan.backups.snapshot import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup: a consistent copy of the database and every uploaded file in one compressed "
        "archive, with a .sha256 checksum beside it. Safe while the site is serving. "
        "Bring it back with `bayan restore ARCHIVE` into an empty instance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", default=None,
                            help="folder to write into (default: the data directory's backups/ folder)")

    def handle(self, *args, output=None, **options):
        folder = output or settings.DATA_DIR / "backups"
        try:
            archive = create_backup(folder)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        size = archive.stat().st_size / 1e6
        self.stdout.write(f"Backup written: {archive} ({size:.1f} MB)\nChecksum: {archive}.sha256")
