import os
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Bayan with the production server (granian), in the foreground."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("BAYAN_HOST", "127.0.0.1"),
                            help="Address to listen on (default 127.0.0.1, or BAYAN_HOST).")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BAYAN_PORT", "8000")),
                            help="Port to listen on (default 8000, or BAYAN_PORT).")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("BAYAN_WORKERS", "2")),
                            help="Worker processes (default 2, or BAYAN_WORKERS); one per core is a good start.")

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}")
        if options["workers"] < 1:
            raise CommandError(f"--workers must be at least 1, not {options['workers']}")
        granian = shutil.which("granian") or os.path.join(os.path.dirname(os.sys.executable), "granian")
        if not os.path.exists(granian):
            raise CommandError("granian is not installed in this environment; run ./bayan again to install it")
        argv = [
            granian, "--interface", "wsgi", "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(options["workers"]), "--blocking-threads", "1", "--no-ws",
            "--log-level", settings.LOGGING["root"]["level"].lower(), "bayan.wsgi:application",
        ]
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        self.stdout.flush()
        os.execv(granian, argv)
