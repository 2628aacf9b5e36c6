from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bayan.accounts import two_factor
from bayan.accounts.audit import record


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes, for someone who lost both. At their next "
        "sign-in they set two-factor sign-in up again (at once, if their group requires it). Recorded in the "
        "audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the account's user name, as typed at sign-in")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"there is no account named {username!r}")
        if not two_factor.has_two_factor(user) and not two_factor.pending_enrolment(user):
            self.stdout.write(f"{username} has no second factor; nothing to remove.")
            return
        two_factor.turn_off(user)
        record("bayan.two_factor_off", user, reset_by="bayan two-factor-reset")
        self.stdout.write(f"Removed the second factor of {username}; they set it up again at their next sign-in.")
