import fcntl
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

SCHEDULE_SECONDS = 60


def unapplied_migrations():
    """Names of the migrations the database has not had yet."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


class Command(BaseCommand):
    help = (
        "Serve Bayan with the production server (granian) in the foreground, and publish scheduled posts "
        "when their time comes. Ctrl-C or SIGTERM stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("BAYAN_HOST", "127.0.0.1"),
                            help="Address to listen on (default 127.0.0.1, or BAYAN_HOST).")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BAYAN_PORT", "8000")),
                            help="Port to listen on (default 8000, or BAYAN_PORT).")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("BAYAN_WORKERS", "2")),
                            help="Server processes (default 2, or BAYAN_WORKERS); one per core is a good start.")
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Do not publish scheduled posts from this process (when another one does).")

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}")
        if options["workers"] < 1:
            raise CommandError(f"--workers must be at least 1, not {options['workers']}")
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"the database lacks {len(pending)} migration(s), e.g. {pending[0]}: run `bayan migrate` first"
            )
        # Reader pages name their CSS by its hashed copy; make sure the copies exist and are current.
        # Several servers may start at once on one data directory: one collects at a time.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        with open(settings.STATIC_ROOT / ".collecting", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            call_command("collectstatic", interactive=False, verbosity=0)
        granian = Path(sys.executable).with_name("granian")
        if not granian.exists():
            raise CommandError(f"granian is not installed beside {sys.executable}; run ./run again to install it")
        argv = [
            str(granian), "--interface", "wsgi", "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(options["workers"]), "--blocking-threads", "1", "--no-ws",
            "--log-level", settings.LOGGING["root"]["level"].lower(), "bayan.wsgi:application",
        ]
        server = subprocess.Popen(argv)
        # The background worker takes queued work (the mirror's syncs) when a mirror is kept.
        worker = None
        if settings.BAYAN_MIRROR_DIR and not options["no_scheduler"]:
            worker = subprocess.Popen([sys.executable, "-m", "bayan.cli", "db_worker", "--backend", "background",
                                       "--queue-name", "mirror",
                                       "--interval", "1", "--no-startup-delay"])
        stopping = threading.Event()

        def stop(signum, frame):
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        self.stdout.flush()
        try:
            while not stopping.is_set() and server.poll() is None:
                if not options["no_scheduler"]:
                    for job in settings.BAYAN_SCHEDULED_JOBS:
                        call_command(job, verbosity=0)
                stopping.wait(SCHEDULE_SECONDS)
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
        if server.returncode not in (0, -signal.SIGTERM, None) and not stopping.is_set():
            raise CommandError(f"the server stopped with exit code {server.returncode}")
