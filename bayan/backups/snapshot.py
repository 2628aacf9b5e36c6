"""Backups: one compressed archive holding a consistent copy of the database and every media file.

An archive (``bayan-backup-<UTC time>.tar.gz``) contains:

``manifest.json``
    format version, creation time, database vendor, the applied migrations, the
    number of rows of every table, and the SHA-256 of every other member;
``database.sqlite3``
    made with SQLite's online backup API, so readers and writers carry on meanwhile;
``database.pgdump``
    made by ``pg_dump --format=custom`` (one consistent snapshot) on PostgreSQL;
``media/...``
    the uploaded images and documents.

A ``.sha256`` file beside the archive lets anyone check it with ``sha256sum -c``.
Restoring goes only into an empty instance and checks every hash before writing anything.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(db=None):
    """Rows per table of the site's database (the check a restore is compared against)."""
    db = db or connection
    with db.cursor() as cursor:
        tables = db.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {db.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_environment():
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return environment


def _postgres_arguments():
    database = settings.DATABASES["default"]
    arguments = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    return arguments


def _dump_database(folder):
    if connection.vendor == "sqlite":
        target = folder / SQLITE_MEMBER
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    if connection.vendor == "postgresql":
        target = folder / POSTGRES_MEMBER
        tool = shutil.which("pg_dump")
        if tool is None:
            raise BackupError("pg_dump is not installed (Debian package postgresql-client-15)")
        result = subprocess.run([tool, "--format=custom", "--no-owner", "--file", str(target), *_postgres_arguments()],
                                env=_postgres_environment(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")


def create_backup(output_dir):
    """Write a backup archive into ``output_dir`` and return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"bayan-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as scratch:
        database_file = _dump_database(Path(scratch))
        members = {database_file.name: _sha256(database_file)}
        media_files = sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []
        for path in media_files:
            members["media/" + path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created": stamp,
            "database": connection.vendor,
            "migrations": sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()),
            "tables": table_counts(),
            "files": members,
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=database_file.name)
            for path in media_files:
                tar.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
        partial.replace(archive)
    archive.with_name(archive.name + ".sha256").write_text(f"{_sha256(archive)}  {archive.name}\n")
    return archive


def read_manifest(archive):
    """The manifest of an archive, after checking the archive's own checksum file if it has one."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    checksum = archive.with_name(archive.name + ".sha256")
    if checksum.exists():
        expected = checksum.read_text().split()[0]
        if _sha256(archive) != expected:
            raise BackupError(f"{archive}: its checksum does not match {checksum.name}; the file is damaged")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            return json.loads(member.read())
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(f"{archive}: not a Bayan backup ({error})") from None


def _instance_is_empty():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if "django_migrations" not in tables:
        return True
    return not any(count for table, count in table_counts().items()
                   if table not in ("django_migrations",) and not table.startswith("sqlite_"))


def restore_backup(archive):
    """Bring an archive back into this (empty) instance; returns the manifest.

    Nothing is written until every member's hash has been checked.
    """
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: backup format {manifest.get('format')} is not one this version reads")
    if manifest["database"] != connection.vendor:
        raise BackupError(f"{archive} holds a {manifest['database']} database; this instance uses "
                          f"{connection.vendor}. Restore into an instance on the same database.")
    if not _instance_is_empty():
        raise BackupError("this instance already holds data; restore only into an empty one "
                          "(a new BAYAN_DATA_DIR, or an empty PostgreSQL database)")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty; restore needs an empty media folder")
    with tempfile.TemporaryDirectory(prefix="bayan-restore-") as scratch:
        scratch = Path(scratch)
        _extract_verified(archive, manifest, scratch)
        _load_database(scratch)
        if (scratch / "media").exists():
            media_root.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(scratch / "media", media_root, dirs_exist_ok=True)
    return manifest


def _extract_verified(archive, manifest, folder):
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive}: cannot be unpacked ({error}); nothing was restored") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{archive}: {name} is missing or damaged; nothing was restored")


def verify_backup(archive):
    """Check an archive completely (its checksum file and every member's hash); returns the manifest."""
    manifest = read_manifest(archive)
    with tempfile.TemporaryDirectory(prefix="bayan-verify-") as scratch:
        _extract_verified(archive, manifest, Path(scratch))
    return manifest


def _load_database(folder):
    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / SQLITE_MEMBER)
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    tool = shutil.which("pg_restore")
    if tool is None:
        raise BackupError("pg_restore is not installed (Debian package postgresql-client-15)")
    connection.close()
    result = subprocess.run([tool, "--no-owner", "--clean", "--if-exists", "--single-transaction",
                             *_postgres_arguments(), str(folder / POSTGRES_MEMBER)],
                            env=_postgres_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
