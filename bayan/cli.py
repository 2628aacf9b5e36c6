"""The ``bayan`` command: every operator job, as ``bayan <job> [options]``.

Jobs are Django management commands; ``bayan import-wxr`` runs the command
``import_wxr``. ``bayan help`` lists Bayan's own jobs first.
"""

import os
import secrets
import sys

from bayan.environment import data_dir

BAYAN_APPS = ("newsroom", "archives", "wxr", "search", "cases", "statements", "mirror", "api", "accounts")

USAGE = """usage: bayan <job> [options]

Jobs of Bayan:
{jobs}

Every Django and Wagtail management command works too (bayan migrate,
bayan createsuperuser, ...): `bayan help --all` lists them.
`bayan <job> --help` explains one job and its options.

Configuration comes from the environment (BAYAN_DATA_DIR, DATABASE_URL,
BAYAN_SECRET_KEY, ...): see docs/operations.md.
"""


def ensure_secret_key():
    """Create DATA_DIR (and in it secret_key, readable by its owner only, unless a key is configured)."""
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BAYAN_SECRET_KEY") or os.environ.get("BAYAN_SECRET_KEY_FILE"):
        return
    path = directory / "secret_key"
    if path.exists():
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")


def bayan_jobs():
    """(name, one-line help) of each management command that belongs to a Bayan app."""
    from django.core.management import get_commands, load_command_class

    jobs = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("bayan."):
            command = load_command_class(app, name)
            summary = (command.help or "").strip().split(". ")[0].rstrip(".")
            jobs.append((name.replace("_", "-"), summary))
    return jobs


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bayan.settings")
    ensure_secret_key()
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"bayan: configuration error: {error}")
    job = argv[1] if len(argv) > 1 else "help"
    if job in ("help", "-h", "--help") and "--all" not in argv:
        jobs = bayan_jobs()
        width = max(len(name) for name, _ in jobs)
        lines = [f"  {name.ljust(width)}  {text}" for name, text in jobs]
        print(USAGE.format(jobs="\n".join(lines)))
        return
    if job == "help":
        argv = [argv[0], "help"]
    else:
        argv[1] = job.replace("-", "_")
    from django.db import DatabaseError

    from bayan.database import unapplied_migrations

    try:
        execute_from_command_line(["bayan", *argv[1:]])
    except DatabaseError as error:
        missing = [] if argv[1] == "migrate" else unapplied_migrations()
        if not missing:
            raise
        sys.exit(f"bayan {job}: the database is not set up for this version of Bayan ({len(missing)} "
                 f"migration{'' if len(missing) == 1 else 's'} not applied, the first {missing[0]}): run "
                 f"`bayan migrate`, then the job again. The database said: {error}")


if __name__ == "__main__":
    main()
