from django.core.management.base import BaseCommand, CommandError

from bayan.api.models import PartnerKey


class Command(BaseCommand):
    help = (
        "Issue, list and revoke the open data API's partner keys. A partner sends its key as "
        "`Authorization: Bearer <key>` for a higher rate limit (BAYAN_API_PARTNER_RATE_PER_MINUTE). A key is "
        "shown once, when issued; only its digest is kept. See docs/api.md."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        issue = actions.add_parser("issue", help="make a key for a partner and print it, once")
        issue.add_argument("name", help="who the key is for, e.g. \"Research group\"")
        issue.add_argument("--contact", default="", help="how to reach them about the key (an e-mail address)")
        actions.add_parser("list", help="every key: its first characters, partner, when issued, whether revoked")
        revoke = actions.add_parser("revoke", help="refuse a key from now on, on every server")
        revoke.add_argument("prefix", help="the key's first characters, as `list` shows them (bayan_…)")

    def handle(self, *args, action, **options):
        if action == "issue":
            name = options["name"].strip()
            if not name:
                raise CommandError("give the partner's name, e.g. bayan api-key issue \"Research group\"")
            row, key = PartnerKey.issue(name, options["contact"].strip())
            self.stdout.write(f"Key for {row.name}: {key}\nIt is shown only now: send it to the partner.")
        elif action == "list":
            rows = PartnerKey.objects.all()
            if not rows:
                self.stdout.write("No partner keys yet: bayan api-key issue \"Partner name\"")
            for row in rows:
                state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "in use"
                self.stdout.write(f"{row.prefix}…  {row.name}  issued {row.created_at:%Y-%m-%d}  {state}")
        else:
            self._revoke(options["prefix"].strip().rstrip("…"))

    def _revoke(self, prefix):
        found = list(PartnerKey.objects.filter(prefix__startswith=prefix)) if len(prefix) >= 8 else []
        if not found:
            raise CommandError(f"no key begins with {prefix!r} (give at least 8 characters; see bayan api-key list)")
        if len(found) > 1:
            raise CommandError(f"{len(found)} keys begin with {prefix!r}: give more of the key")
        found[0].revoke()
        self.stdout.write(f"Revoked the key of {found[0].name} ({found[0].prefix}…).")
