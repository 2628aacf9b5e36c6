from django.core.management.base import CommandError

from bayan.backups.snapshot import BackupError, restore_backup, verify_backup
from bayan.newsroom.management.rewriting import RewritingCommand


class Command(RewritingCommand):
    help = (
        "Bring a backup made by `bayan backup` back into an empty instance (a new BAYAN_DATA_DIR, or an "
        "empty PostgreSQL database): every file's checksum is verified before anything is written. "
        "Do not run `bayan migrate` first: the backup brings its own tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file written by `bayan backup`")
        parser.add_argument("--check", action="store_true", help="only verify the archive; restore nothing")

    def handle(self, *args, archive, check=False, **options):
        try:
            manifest = verify_backup(archive) if check else restore_backup(archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        verb = "is intact" if check else "restored"
        self.stdout.write(
            f"{archive} {verb}: {manifest['database']} database from {manifest['created']}, "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['files']) - 1} media files."
        )
        if not check:
            self.stdout.write("Run `bayan migrate` if this version of Bayan is newer than the backup's.")
