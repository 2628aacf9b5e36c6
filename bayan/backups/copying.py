"""Moving a site from SQLite to PostgreSQL: every row of every table, copied into an empty database.

A backup is each database's own format (an SQLite file, a ``pg_dump``), so a restore cannot
change engines; this copy can. ``copy_to_postgresql(url)`` migrates the empty target to the
same schema as the site's database, then copies each model's rows as the ORM reads them
(booleans, dates, JSON and stream fields converted by their fields), keeping every primary key,
in one transaction: a failure leaves the target as it was found, and the site's database is
only read. What the target computes itself is not copied: PostgreSQL generates the search
vectors from the copied terms, and SQLite's full-text tables have no rows of their own. Triggers
are held off meanwhile (the search log would otherwise gain a row per document), foreign keys
are checked at the commit, and each table's id sequence is set past its highest id.
``differences(source, target)`` then compares every row of every table.
"""

import itertools
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field

import dj_database_url
from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor

TARGET_ALIAS = "copy_target"
# Derived data each engine stores its own way (Wagtail's admin search index: text on SQLite, vectors on
# PostgreSQL), built again in the target from the copied rows instead (``update_index``).
REBUILT = {"wagtailsearch.indexentry"}
BATCH = 2000
# A password in an address is not repeated in messages.
_PASSWORD = re.compile(r"(//[^:/@]+:)[^@]+@")


class CopyError(Exception):
    """A copy that cannot start or finish; the message names what is wrong and what to do."""


@dataclass
class Copied:
    """What a copy did: rows per table, in the order copied."""

    tables: dict = field(default_factory=dict)

    @property
    def rows(self):
        return sum(self.tables.values())


def shown(url):
    """``url`` with its password left out, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def connect_target(url):
    """The alias of a connection to the PostgreSQL database at ``url``, checked to answer."""
    try:
        settings_dict = dj_database_url.parse(url)
    except ValueError as error:
        raise CopyError(f"{shown(url)} is not a database address: {error}") from None
    if "postgresql" not in settings_dict.get("ENGINE", ""):
        raise CopyError(f"{shown(url)} is not a PostgreSQL address (postgres://user@host:port/name).")
    connections.databases[TARGET_ALIAS] = connections.configure_settings({"default": settings_dict})["default"]
    connections[TARGET_ALIAS].close()
    try:
        connections[TARGET_ALIAS].ensure_connection()
    except Exception as error:  # the driver's errors differ by cause: refused, no database, bad password
        raise CopyError(f"{shown(url)} does not answer: {str(error).strip()}") from None
    return TARGET_ALIAS


def copied_models(source, target):
    """The models whose rows a copy carries, in label order: every concrete, managed model with a table in both
    databases (an engine's own tables, such as Wagtail's SQLite full-text index, exist in one only)."""
    tables = set(connections[source].introspection.table_names()) & set(
        connections[target].introspection.table_names())
    found = [model for model in apps.get_models(include_auto_created=True)
             if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
             and model._meta.label_lower not in REBUILT and router.allow_migrate_model(target, model)]
    return sorted(found, key=lambda model: model._meta.label_lower)


def check_source(source=DEFAULT_DB_ALIAS):
    """Refuse a site database that is not SQLite or has migrations still to apply."""
    db = connections[source]
    if db.vendor != "sqlite":
        raise CopyError(f"the site's database is {db.vendor}, not SQLite: there is nothing to move.")
    executor = MigrationExecutor(db)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CopyError("the site's database has migrations still to apply: run `bayan migrate` first.")


def check_empty(target):
    """Refuse a target that holds any table: nothing of anyone's is overwritten."""
    tables = connections[target].introspection.table_names()
    if tables:
        listed = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise CopyError(f"the target database is not empty: it holds {len(tables)} tables ({listed}). "
                        "Give an empty database (createdb NAME), so that nothing in it is overwritten.")


def copy_to_postgresql(url, progress=None, source=DEFAULT_DB_ALIAS):
    """Copy the site's SQLite database into the empty PostgreSQL database at ``url``; ``Copied``."""
    check_source(source)
    target = connect_target(url)
    check_empty(target)
    _migrate(url)
    models = copied_models(source, target)
    db = connections[target]
    tables = [model._meta.db_table for model in models]
    quote = db.ops.quote_name
    copied = Copied()
    try:
        with transaction.atomic(using=target), db.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
            # The target's own migrations wrote rows (a root page, locales, defaults): the source has them too.
            cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)} RESTART IDENTITY CASCADE")
            for model in models:
                copied.tables[model._meta.db_table] = _copy_rows(model, source, target, cursor)
                if progress:
                    progress(model._meta.db_table, copied.tables[model._meta.db_table])
            for statement in db.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            # Foreign keys checked now (a table with checks pending cannot have its triggers turned back on).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
    except Exception as error:  # a row the target refuses: the transaction is rolled back
        raise CopyError(f"the copy stopped and was undone ({type(error).__name__}: {str(error).strip()}); "
                        "the target holds only the schema: drop it and create it again (dropdb NAME; createdb "
                        "NAME) before trying again. Nothing in the site's database changed.") from None
    _run_on(url, "update_index")
    return copied


def _migrate(url):
    """The target migrated to this code's schema, in a process of its own whose site database it is.

    Some migrations (Wagtail's among them) write through the default connection whatever database
    is being migrated: run here, they would write into the site's database.
    """
    _run_on(url, "migrate", "--no-input")


def _run_on(url, *job):
    """``bayan JOB`` run with the database at ``url`` as the site's."""
    environment = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run([sys.executable, "-m", "bayan.cli", *job, "--verbosity", "0"],
                            env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise CopyError(f"`bayan {job[0]}` on {shown(url)} failed ({last}). Drop it and create it again "
                        "(dropdb NAME; createdb NAME) before trying again.")


def _copy_rows(model, source, target, cursor):
    fields = model._meta.local_concrete_fields
    db = connections[target]
    quote = db.ops.quote_name
    statement = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(each.column) for each in fields)}) "
                 f"VALUES ({', '.join(['%s'] * len(fields))})")
    rows = model._base_manager.using(source).order_by("pk").values_list(*(each.attname for each in fields))
    count = 0
    values = rows.iterator(chunk_size=BATCH)
    while batch := list(itertools.islice(values, BATCH)):
        cursor.executemany(statement, [[each.get_db_prep_save(value, connection=db)
                                        for each, value in zip(fields, row, strict=True)] for row in batch])
        count += len(batch)
    return count


def differences(source, target, limit=20):
    """Every table's rows compared, by primary key: ``[(table, what differs)]``, at most ``limit``."""
    found = []
    for model in copied_models(source, target):
        table = model._meta.db_table
        fields = model._meta.local_concrete_fields

        def rows(alias, model=model, fields=fields):
            return model._base_manager.using(alias).order_by("pk").values_list(
                *(each.attname for each in fields)).iterator(chunk_size=BATCH)

        for number, (left, right) in enumerate(itertools.zip_longest(rows(source), rows(target))):
            if left is None or right is None:
                found.append((table, f"{'the target' if left is not None else 'the source'} has fewer rows "
                                     f"(from row {number + 1})"))
                break
            if _comparable(fields, left) != _comparable(fields, right):
                found.append((table, f"row with key {left[_pk_position(model)]!r} differs"))
                break
        if len(found) >= limit:
            break
    return found


def _pk_position(model):
    # A page type's own table (multi-table inheritance) holds its own fields and the key to its parent's row.
    return [each.attname for each in model._meta.local_concrete_fields].index(model._meta.pk.attname)


def _comparable(fields, row):
    # As each field hands values to a database: a stream field's blocks as JSON, not its value object.
    return tuple(each.get_prep_value(value) for each, value in zip(fields, row, strict=True))
