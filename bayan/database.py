"""Database helpers: keeping SQLite's query planner informed, bulk reading, work deferred to commit,
lookups compiled once."""

from datetime import datetime
from datetime import timezone as dt_timezone

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime


def refresh_statistics():
    """Let SQLite measure its tables and indexes (PostgreSQL's autovacuum does this by itself).

    Without statistics SQLite guesses join orders, and on a large archive it guesses
    wrong: a tag page then walks every post of the language instead of the tag's few.
    Run after bulk writes (an import, the demo).
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def read_datetime(value):
    """A date and time as a raw statement returns it, made an aware datetime.

    SQLite hands raw statements the stored text, or a naive datetime where the column is
    declared as a timestamp (UTC either way); PostgreSQL an aware datetime.
    """
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=dt_timezone.utc) if value.tzinfo is None else value


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
    SQL's parameters are then filled with each call's values. Values are strings, or
    aware datetimes named in ``moments``.
    """

    def __init__(self, build, names, moments=()):
        self.build, self.names, self.moments = build, tuple(names), tuple(moments)
        self._prepared = {}

    def _stand_in(self, name, index):
        if name in self.moments:
            return datetime(1900, 1, 1 + index, tzinfo=dt_timezone.utc)
        return f"\x00{name}\x00"

    def _prepare(self, db):
        stand_ins = {name: self._stand_in(name, index) for index, name in enumerate(self.names)}
        compiler = self.build(**stand_ins).query.get_compiler(connection=db)
        sql, params = compiler.as_sql()
        params = list(params)
        places = {}
        for name, stand_in in stand_ins.items():
            stored = db.ops.adapt_datetimefield_value(stand_in) if name in self.moments else stand_in
            places[name] = [index for index, value in enumerate(params) if value == stored]
            if len(places[name]) != 1:
                raise ValueError(f"{name!r} must appear exactly once among the lookup's parameters")
        return _CompiledLookup(compiler, db, sql, params, {name: found[0] for name, found in places.items()})

    def first(self, **values):
        """The first object the queryset finds with these values, with its select_related objects; or None."""
        db = connection
        key = (db.alias, db.vendor)
        if key not in self._prepared:
            self._prepared[key] = self._prepare(db)
        lookup = self._prepared[key]
        params = list(lookup.params)
        for name, value in values.items():
            params[lookup.places[name]] = db.ops.adapt_datetimefield_value(value) if name in self.moments else value
        with db.cursor() as cursor:
            cursor.execute(lookup.sql, params)
            rows = cursor.fetchmany(1)
        return lookup.instance(rows[0]) if rows else None


class _CompiledLookup:
    """What Django's ModelIterable works out for every row, worked out once: SQL, converters, related objects."""

    def __init__(self, compiler, db, sql, params, places):
        from django.db.models.query import get_related_populators

        self.compiler, self.alias = compiler, db.alias
        self.sql, self.params, self.places = sql, params, places
        select, klass_info = compiler.select, compiler.klass_info
        self.converters = compiler.get_converters([column[0] for column in select[:compiler.col_count]])
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model = klass_info["model"]
        self.attnames = [column[0].target.attname for column in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, db.alias)

    def instance(self, row):
        """The model instance of one result row, with its select_related objects."""
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        instance = self.model.from_db(self.alias, self.attnames, row[self.start:self.end])
        for populator in self.populators:
            populator.populate(row, instance)
        return instance
