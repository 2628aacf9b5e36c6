"""Database helpers: keeping SQLite's query planner informed, bulk reading, work deferred to commit,
lookups compiled once, many rows written with one prepared statement."""

import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.connection import ConnectionProxy
from django.utils.dateparse import parse_datetime

# The database a reader's request reads from: a streaming replica's alias when bayan/replicas.py gave
# it one, else the primary's. Set per request, so every thread and task keeps its own.
reading_alias = ContextVar("bayan_reading_alias", default=DEFAULT_DB_ALIAS)
_proxies = {}


def binary_rows(cursor):
    """``cursor`` (Django's) set to read its rows in PostgreSQL's binary format where its driver can: a ``bytea``
    then arrives as its bytes, not as hexadecimal text twice as long that the driver decodes (the kept sets of
    common terms read in half the time, 50 kB in 0.2 ms rather than 0.4). Unchanged on SQLite, and behind a
    transaction pooler, whose cursors bind parameters in the client and read text only. For statements whose
    columns need no loader Django sets for text (timestamps with its time zone): numbers, text and bytes."""
    raw = getattr(cursor, "cursor", None)
    if _binary_capable(raw):
        from psycopg import pq

        raw.format = pq.Format.BINARY
    return cursor


def _binary_capable(raw):
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(raw, psycopg.Cursor) and not isinstance(raw, psycopg.ClientCursor)


def on_postgresql_only(forward, backward):
    """A migration operation running the SQL ``forward`` (``backward`` to undo it) on PostgreSQL alone: SQLite has
    nothing to change. The SQL runs without parameters, so a ``%`` in it is written as it should reach the server."""
    from django.db import migrations

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql, params=None)
        return operation

    return migrations.RunPython(run(forward), run(backward))


def reading_connection():
    """The connection reads go to now, standing for each thread's own (as ``django.db.connection`` does).

    Raw statements on readers' paths use it, so that they follow the ORM's queries to a replica.
    """
    alias = reading_alias.get()
    proxy = _proxies.get(alias)
    if proxy is None:
        proxy = _proxies[alias] = ConnectionProxy(connections, alias)
    return proxy


def refresh_statistics():
    """Let the database measure its tables and indexes. Run after bulk writes (an import, the demo).

    Without statistics SQLite guesses join orders, and on a large archive it guesses
    wrong: a tag page then walks every post of the language instead of the tag's few.
    PostgreSQL's autovacuum measures a table only once enough of it changed, a minute or more
    later, and never one that is not written: the page-view restrictions, which most sites
    never write, were then guessed at ten pages of rows, weighing on every post page's plan.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def read_datetime(value):
    """A date and time as a raw statement returns it, made an aware datetime.

    SQLite hands raw statements the stored text, or a naive datetime where the column is
    declared as a timestamp (UTC either way); PostgreSQL an aware datetime.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)  # in C, several times faster than Django's pattern
        except ValueError:
            value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def stream_without_memory_map():
    """Stop this connection mapping the SQLite file into memory (readers keep the default).

    A bulk writer such as the import touches most of the database; through the memory
    map every page it touches would count against its resident memory, which must stay
    flat however large the archive grows.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=0")


class CommitQueue:
    """Post ids gathered during a transaction and handed to ``handle`` once, when it commits.

    Outside a transaction they are handled at once. However often a post is added in one
    transaction it is handled once, and a rolled-back transaction drops the queue with
    everything else. The search index and the archive lists each keep one.
    """

    def __init__(self, name, handle):
        self.attribute = f"bayan_{name}_pending"
        self.handle = handle
        # How the flush is put off until the commit (tests that never commit run it at once).
        self.defer = transaction.on_commit

    def add(self, post_ids):
        pending = getattr(connection, self.attribute, None)
        if pending is not None and connection.in_atomic_block and any(
            callback == self._flush for _savepoints, callback, _robust in connection.run_on_commit
        ):
            pending.update(post_ids)
            return
        setattr(connection, self.attribute, set(post_ids))
        self.defer(self._flush)

    def discard(self, post_ids):
        """Forget these ids: the caller has just handled them itself."""
        pending = getattr(connection, self.attribute, None)
        if pending:
            pending.difference_update(post_ids)

    def _flush(self):
        pending = getattr(connection, self.attribute, None) or set()
        setattr(connection, self.attribute, None)
        if pending:
            self.handle(pending)


class PreparedLookup:
    """A queryset compiled to SQL once per database and run again with other values.

    For the hottest lookups, whose compilation costs more than running them: a post
    page's own lookup spent three quarters of its time building SQL that never
    changes but for its values. ``build`` takes keyword values and returns the
    queryset; it is called once per database with stand-ins, whose places among the
    SQL's parameters are then filled with each call's values. Values are strings,
    aware datetimes named in ``moments``, integers named in ``numbers`` or UUIDs named
    in ``uuids``. A name also in ``lists`` takes a non-empty list of such values, for an
    ``__in`` lookup: its one placeholder is widened to as many as the list holds.

    ``beside`` names SQL expressions (scalar subqueries) read in the same statement, ahead of the
    queryset's own columns (``first_and_beside``): what a request needs anyway then costs it no
    statement of its own. Each is SQL without parameters, or a function ``(db, stand_in) -> (SQL,
    parameters)``: ``stand_in(name)`` is what ``build`` is given for a named value, and wherever its stored
    form (``stored``) is among the parameters, each call's value fills it as it fills the queryset's own.
    They may name the queryset's columns as ``found.<column>`` (a column whose name is unique among
    those selected).
    """

    def __init__(self, build, names, moments=(), numbers=(), uuids=(), lists=(), beside=()):
        self.build, self.names = build, tuple(names)
        self.moments, self.numbers, self.uuids = tuple(moments), tuple(numbers), tuple(uuids)
        self.lists = tuple(lists)
        self.beside = tuple(beside)
        self._prepared = {}

    def _stand_in(self, name, index):
        if name in self.moments:
            return datetime(1900, 1, 1 + index, tzinfo=UTC)
        if name in self.numbers:
            return -7_340_000 - index
        if name in self.uuids:
            return uuid.UUID(int=7_340_000 + index)
        return f"\x00{name}\x00"

    def stored(self, db, name, value):
        """``value`` of the stand-in ``name`` as the database driver receives it among the parameters."""
        if name in self.moments:
            return db.ops.adapt_datetimefield_value(value)
        if name in self.uuids and not db.features.has_native_uuid_field:
            return value.hex
        return value

    def _compile(self, db):
        stand_ins = {name: self._stand_in(name, index) for index, name in enumerate(self.names)}
        compiler = self.build(**{name: [value] if name in self.lists else value
                                 for name, value in stand_ins.items()}).query.get_compiler(connection=db)
        sql, params = compiler.as_sql()
        params = list(params)
        if self.beside:
            texts, beside_params = [], []
            for expression in self.beside:
                if callable(expression):
                    text, parameters = expression(db, stand_ins.__getitem__)
                else:
                    text, parameters = expression, []
                texts.append(text)
                beside_params += parameters
            sql = f"SELECT {', '.join(texts)}, found.* FROM ({sql}) found"
            params = beside_params + params
        places = {}
        for name, stand_in in stand_ins.items():
            stored = self.stored(db, name, stand_in)
            places[name] = [index for index, value in enumerate(params) if value == stored]
            # A value may be asked in several places (a subquery both selected and filtered on); a list once.
            if not places[name] or (name in self.lists and len(places[name]) != 1):
                raise ValueError(f"{name!r} must appear among the lookup's parameters"
                                 + (" exactly once" if name in self.lists else ""))
        if self.lists and sql.count("%s") != len(params):
            raise ValueError("a lookup with lists must hold no literal '%s' in its SQL")
        return compiler, sql, params, places

    def _compiled(self, db):
        key = (db.alias, db.vendor)
        if key not in self._prepared:
            self._prepared[key] = _CompiledLookup(db, *self._compile(db), lists=self.lists)
        return self._prepared[key]

    def statement(self, **values):
        """(SQL, parameters) of the queryset with these values, for a raw statement to embed."""
        # The connection itself, not its per-thread stand-in, which looks it up again on every use.
        db = connections[reading_alias.get()]
        return self._compiled(db).with_values(db, self, values)

    def correlated(self, db, name, column, **values):
        """(SQL, parameters) of the queryset as a subquery whose value ``name`` (a number) is ``column`` of the
        enclosing statement, with these other values: a correlated subquery compiled once."""
        lookup = self._compiled(db)
        sql, params = lookup.with_values(db, self, {**values, name: self._stand_in(name, self.names.index(name))})
        taken = set(lookup.places[name])
        pieces = sql.split("%s")
        if len(pieces) != len(params) + 1:
            raise ValueError("a correlated lookup must hold no literal '%s' in its SQL")
        text = [pieces[0]]
        for index, piece in enumerate(pieces[1:]):
            text += [column if index in taken else "%s", piece]
        return "".join(text), [param for index, param in enumerate(params) if index not in taken]

    def _run(self, values, fetch):
        """``(compiled lookup, rows without the beside columns, the beside values of the first row or None)``."""
        db = connections[reading_alias.get()]
        lookup = self._compiled(db)
        sql, params = lookup.with_values(db, self, values)
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            rows = fetch(cursor)
        if not self.beside:
            return lookup, rows, None
        found = len(self.beside)
        return lookup, [row[found:] for row in rows], tuple(rows[0][:found]) if rows else None

    def first(self, **values):
        """The first object the queryset finds with these values, with its select_related objects; or None."""
        return self.first_and_beside(**values)[0]

    def first_and_beside(self, **values):
        """``(first object or None, the values of the beside expressions)``; those are None too when nothing is
        found, since the statement then returns no row."""
        lookup, rows, beside = self._run(values, lambda cursor: cursor.fetchmany(1))
        return (lookup.instance(rows[0]) if rows else None), beside

    def all_and_beside(self, **values):
        """``(every object found, the values of the beside expressions or None when nothing is found)``."""
        lookup, rows, beside = self._run(values, lambda cursor: cursor.fetchall())
        return [lookup.instance(row) for row in rows], beside

    def all(self, **values):
        """Every object the queryset finds with these values, in its order, with their select_related objects."""
        return self.all_and_beside(**values)[0]

    def rows(self, **values):
        """The plain rows of a ``values_list()`` queryset with these values (no model instances, no converters)."""
        return self._run(values, lambda cursor: cursor.fetchall())[1]

    def values(self, **values):
        """The rows of a ``values_list()`` queryset with these values, each value converted as the ORM does
        (dates and UUIDs as Python objects on every database)."""
        lookup, rows, _beside = self._run(values, lambda cursor: cursor.fetchall())
        return lookup.converted(rows)


def _with_arrays(sql, indexes):
    """``sql`` with the ``IN (%s)`` of each parameter at ``indexes`` written ``= ANY(%s)``, for an array."""
    pieces = sql.split("%s")
    for index in indexes:
        before, after = pieces[index], pieces[index + 1]
        if not (before.endswith(" IN (") and after.startswith(")")):
            raise ValueError(f"a list's placeholder must stand alone in an IN (...): {before[-30:]}%s{after[:30]}")
        pieces[index], pieces[index + 1] = before[:-len(" IN (")] + " = ANY(", after
    return "%s".join(pieces)


def in_list(values, vendor):
    """``(SQL, parameters)`` testing a column against ``values``, written after the column: ``IN (%s, ...)``, or on
    PostgreSQL ``= ANY(%s)`` with the values as one array, so the statement's text (and the plan PostgreSQL
    prepares for it) is the same for every length, and ``= %s`` for one value (see ``_CompiledLookup``)."""
    values = list(values)
    if vendor == "postgresql":
        return (" = %s", values) if len(values) == 1 else (" = ANY(%s)", [values])
    return f" IN ({', '.join(['%s'] * len(values))})", values


# Rows ``delete_rows`` names in one statement: well inside SQLite's limit on a statement's parameters (32,766).
DELETED_PER_STATEMENT = 10_000


def delete_rows(model, column=None, values=None):
    """Remove ``model``'s rows whose ``column`` is among ``values`` (every row when no column is named) with plain
    ``DELETE`` statements, one per ``DELETED_PER_STATEMENT`` values; how many went.

    For rows derived from changes the change log holds already (search documents, archive entries), whose
    writers announce what they rewrote. Through the ORM, every deletion is followed by the page cache's signal,
    so Django would first load each row and the signal would log each one: a search rebuild at a million posts
    held 12 GB that way, and wrote a million entries saying that documents changed when no post had. The
    database's own triggers still see each row go.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if column is None:
            cursor.execute(f"DELETE FROM {table}")
            return cursor.rowcount
        values, removed = list(values), 0
        for start in range(0, len(values), DELETED_PER_STATEMENT):
            test, parameters = in_list(values[start:start + DELETED_PER_STATEMENT], connection.vendor)
            cursor.execute(f"DELETE FROM {table} WHERE {connection.ops.quote_name(column)}{test}", parameters)
            removed += cursor.rowcount
        return removed


class _CompiledLookup:
    """What Django's ModelIterable works out for every row, worked out once: SQL, converters, related objects."""

    def __init__(self, db, compiler, sql, params, places, lists=()):
        self.compiler, self.alias = compiler, db.alias
        self.params, self.places = params, places
        # On PostgreSQL a list is one array parameter (``= ANY(%s)``): the statement's text is then the same
        # however many values a call gives, so the server prepares it once, not once per length. A list of one
        # value is given as that value (``IN (%s)``, which PostgreSQL reads as ``= %s``): a prepared statement's
        # plan for "any of an array" is costed for an array of ten, so against the plans made for the one value
        # PostgreSQL never took it and planned such a statement again on every call (a post page's filing: 0.8
        # ms of the server's time, against 0.08 ms run from a plan kept).
        self.arrays = frozenset(places[name][0] for name in lists) if db.vendor == "postgresql" else frozenset()
        self.sql = sql
        self._texts = {frozenset(): _with_arrays(sql, self.arrays) if self.arrays else sql}
        self._readers = self._converters = None

    def _text(self, single):
        """The statement with the arrays at indexes ``single`` given as their one value."""
        if single not in self._texts:
            self._texts[single] = _with_arrays(self.sql, self.arrays - single)
        return self._texts[single]

    def with_values(self, db, lookup, values):
        """The statement and its parameters with each named stand-in replaced by its value (a list's
        placeholder widened to hold each of its values)."""
        params = list(self.params)
        widened, single = {}, set()
        for name, value in values.items():
            if name in lookup.lists:
                if not value:
                    raise ValueError(f"{name!r} must hold at least one value")
                index = self.places[name][0]
                stored = list(value) if name in lookup.numbers else [lookup.stored(db, name, each) for each in value]
                if index not in self.arrays:
                    widened[index] = stored
                elif len(stored) == 1:
                    params[index] = stored[0]
                    single.add(index)
                else:
                    params[index] = stored
                continue
            stored = lookup.stored(db, name, value)
            for index in self.places[name]:
                params[index] = stored
        if not widened:
            return self._text(frozenset(single)), params
        pieces, sql, flat = self.sql.split("%s"), [], []
        for index, param in enumerate(params):
            sql.append(pieces[index])
            if index in widened:
                sql.append(", ".join(["%s"] * len(widened[index])))
                flat += widened[index]
            else:
                sql.append("%s")
                flat.append(param)
        sql.append(pieces[-1])
        return "".join(sql), flat

    def converted(self, rows):
        """Plain rows of a ``values_list()`` statement with the ORM's converters applied."""
        if self._converters is None:
            compiler = self.compiler
            self._converters = compiler.get_converters([column[0] for column in compiler.select[:compiler.col_count]])
        if not self._converters:
            return [tuple(row) for row in rows]
        return [tuple(row) for row in self.compiler.apply_converters(rows, self._converters)]

    def _read_rows(self):
        from django.db.models.query import get_related_populators

        compiler = self.compiler
        select, klass_info = compiler.select, compiler.klass_info
        converters = compiler.get_converters([column[0] for column in select[:compiler.col_count]])
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        attnames = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.alias)
        return converters, start, end, klass_info["model"], attnames, populators

    def instance(self, row):
        """The model instance of one result row, with its select_related objects."""
        if self._readers is None:
            self._readers = self._read_rows()
        converters, start, end, model, attnames, populators = self._readers
        if converters:
            row = next(iter(self.compiler.apply_converters([row], converters)))
        instance = model.from_db(self.alias, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        return instance


def update_rows(model, field_names, rows):
    """Write ``field_names`` of many rows of ``model`` in one prepared UPDATE run for all of them; each row
    is its values in the order of ``field_names``, then its primary key.

    Django's ``bulk_update`` builds a CASE expression per field and object, which costs far
    more than the writing itself once there are thousands of rows (an import).
    """
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    _run_many(f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s",
              [*fields, model._meta.pk], rows)


_PLAIN = (str, int)


def insert_rows(model, field_names, rows):
    """Insert ``rows`` (sequences of Python values in the order of ``field_names``) into ``model``'s table
    in one prepared INSERT run for all of them; no model is built, no signal sent, no key read back.

    For the many plain rows of an import (links between records), where ``bulk_create``
    spends most of its time preparing each value through the query compiler.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    _run_many(f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
              f"VALUES ({', '.join(['%s'] * len(fields))})", fields, rows)


def _run_many(statement, fields, rows):
    """Run ``statement`` once per row, each value prepared for the database as its field does it."""
    # The connection itself, not its per-thread stand-in: it is handed to every value.
    database = connections[DEFAULT_DB_ALIAS]
    prepared_once = {}

    def prepared(field, value):
        # Text and whole numbers go to the driver as they are; a date or a moment as its field prepares
        # it, once per distinct value (an import writes the same moment on every row).
        if value is None or type(value) in _PLAIN:
            return value
        key = (field, value)
        if key not in prepared_once:
            prepared_once[key] = field.get_db_prep_save(value, database)
        return prepared_once[key]

    values = [[prepared(field, value) for field, value in zip(fields, row, strict=True)] for row in rows]
    if values:
        with database.cursor() as cursor:
            cursor.executemany(statement, values)


def unapplied_migrations():
    """The migrations the site's database lacks, as ``app.name`` (none if that cannot be read either).

    Asked after a job failed, whose connection may be in a failed transaction: it is closed first, unless a
    transaction of the caller's is still open (a test's), which closing would end.
    """
    if not connection.in_atomic_block:
        connection.close()
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return []
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
