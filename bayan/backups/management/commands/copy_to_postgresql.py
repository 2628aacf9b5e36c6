from django.core.management.base import BaseCommand, CommandError

from bayan.backups.copying import TARGET_ALIAS, CopyError, copy_to_postgresql, differences, shown


class Command(BaseCommand):
    help = (
        "Move the site from SQLite to PostgreSQL: copy every row of the site's database into an empty "
        "PostgreSQL database, then compare every table. The site's database is only read; stop the site "
        "(or its editors) meanwhile so that nothing changes during the copy, then set DATABASE_URL to the "
        "new database. See docs/operations.md, \"Moving from SQLite to PostgreSQL\"."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="postgres://USER@HOST:PORT/NAME",
                            help="the empty PostgreSQL database to copy into (made with createdb)")

    def handle(self, *args, url, verbosity=1, **options):
        def progress(table, rows):
            if verbosity > 1:
                self.stdout.write(f"  {table}: {rows:,} rows")

        try:
            copied = copy_to_postgresql(url, progress)
        except CopyError as error:
            raise CommandError(str(error)) from None
        found = differences("default", TARGET_ALIAS)
        if found:
            listed = "\n".join(f"  {table}: {what}" for table, what in found)
            raise CommandError(f"The copy in {shown(url)} differs from the site's database:\n{listed}")
        self.stdout.write(
            f"Copied {copied.rows:,} rows of {len(copied.tables)} tables into {shown(url)}, and compared every "
            "row: the same.\nNext: set DATABASE_URL to that address and start the site.")
