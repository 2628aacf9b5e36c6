from django.core.management.base import BaseCommand

from bayan.statements.tidying import erase_stale_contacts, notify_editors


class Command(BaseCommand):
    help = (
        "Housekeeping of the statements' sign-on. Erases the contact e-mail and comment of submissions "
        "rejected or never confirmed more than BAYAN_REJECTED_SUBMISSION_DAYS ago, and e-mails the accounts "
        "that may moderate signatures when some wait (at most once every BAYAN_SIGNON_NOTICE_MINUTES). "
        "`bayan serve` runs it every minute; run it by hand after changing those settings."
    )

    def handle(self, *args, **options):
        erased = erase_stale_contacts()
        told = notify_editors()
        if options["verbosity"]:
            self.stdout.write(f"{erased} submission(s) erased; {told} moderator(s) told of signatures waiting.")
