import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command

from bayan.database import refresh_statistics
from bayan.newsroom.demo import build_demo
from bayan.newsroom.management.rewriting import RewritingCommand


class Command(RewritingCommand):
    help = "Set up the bilingual demo newsroom and serve it at http://127.0.0.1:8000/."
    help += " " + (
        "Migrates the database, loads a generated demo newsroom (several hundred posts in English "
        "and Arabic) unless posts already exist, creates the admin account 'admin' (password from "
        "BAYAN_ADMIN_PASSWORD, else generated and printed once) and starts the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything, but do not start the server.")
        parser.add_argument("--stories", type=int, default=230, help="How many news stories to generate (default 230).")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Generating the demo newsroom…")
        notes = []
        made = build_demo(stories=options["stories"], notes=notes)
        refresh_statistics()
        self.stdout.write(
            f"{made} posts created." if made else "Posts already exist; the demo content was left as it is.")
        self.ensure_admin()
        for line in notes:
            self.stdout.write(line)
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Admin account 'admin' exists; its password was not changed.")
            return
        password = os.environ.get("BAYAN_ADMIN_PASSWORD") or secrets.token_urlsafe(15)
        User.objects.create_superuser("admin", "admin@example.invalid", password)
        if os.environ.get("BAYAN_ADMIN_PASSWORD"):
            self.stdout.write("Admin account 'admin' created with the password in BAYAN_ADMIN_PASSWORD.")
        else:
            self.stdout.write(self.style.WARNING(
                "Admin account created. Sign in at /admin/ as 'admin' with this password, shown only once:\n"
                f"  {password}"
            ))
