import fcntl
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from bayan.newsroom.scheduling import hold_scheduler_lease, release_scheduler_lease

SCHEDULE_SECONDS = 60
logger = logging.getLogger(__name__)


def unapplied_migrations():
    """Names of the migrations the database has not had yet."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


class Command(BaseCommand):
    help = (
        "Serve Bayan with the production server (granian) in the foreground, and run the scheduled jobs "
        "(publishing scheduled posts when their time comes...) when this server holds the scheduler's lease "
        "(one server of several on a database does). Ctrl-C or SIGTERM stops everything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("BAYAN_HOST", "127.0.0.1"),
                            help="Address to listen on (default 127.0.0.1, or BAYAN_HOST).")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BAYAN_PORT", "8000")),
                            help="Port to listen on (default 8000, or BAYAN_PORT).")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("BAYAN_WORKERS", "2")),
                            help="Server processes (default 2, or BAYAN_WORKERS); one per core is a good start.")
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Never run the scheduled jobs (publishing scheduled posts...) nor the background "
                                 "worker here. Without it, of several servers on one database one runs them, "
                                 "chosen in the database; this flag is only for a server that must never.")

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
        stopping = threading.Event()

        def stop(signum, frame):
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        self.stdout.flush()
        # Of several servers on one database, the holder of the scheduler's lease runs the jobs, and the
        # background worker that takes queued work (the mirror's syncs) when a mirror is kept.
        holder = f"{socket.gethostname()} {os.getpid()} {uuid.uuid4().hex[:8]}"
        worker = None
        try:
            while not stopping.is_set() and server.poll() is None:
                if not options["no_scheduler"]:
                    if self.scheduling(holder):
                        self.run_jobs()
                        if settings.BAYAN_MIRROR_DIR and (worker is None or worker.poll() is not None):
                            worker = subprocess.Popen([sys.executable, "-m", "bayan.cli", "db_worker", "--backend",
                                                       "background", "--queue-name", "mirror", "--interval", "1",
                                                       "--no-startup-delay"])
                    elif worker is not None:
                        worker.terminate()
                        worker = None
                stopping.wait(SCHEDULE_SECONDS)
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
            if not options["no_scheduler"]:
                try:
                    release_scheduler_lease(holder)
                except DatabaseError:
                    pass  # it runs out by itself
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
        if server.returncode not in (0, -signal.SIGTERM, None) and not stopping.is_set():
            raise CommandError(f"the server stopped with exit code {server.returncode}")

    @staticmethod
    def scheduling(holder):
        """Whether this server holds the scheduler's lease for the coming minute (False if the database is away)."""
        try:
            return hold_scheduler_lease(holder)
        except DatabaseError as error:
            logger.warning("The scheduler's lease could not be read: the database did not answer (%s)", error)
            connection.close()
            return False

    @staticmethod
    def run_jobs():
        """Run each scheduled job once; a database that does not answer skips this round, not the server."""
        for job in settings.BAYAN_SCHEDULED_JOBS:
            try:
                call_command(job, verbosity=0)
            except DatabaseError as error:
                # A failover under way: readers are still served (from a replica); the job runs next minute.
                logger.warning("Scheduled job %s skipped: the database did not answer (%s)", job, error)
                connection.close()
