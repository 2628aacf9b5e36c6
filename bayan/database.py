"""Database helpers: keeping SQLite's query planner informed, bulk reading, work deferred to commit."""

from django.db import connection, transaction


def refresh_statistics():
    """Let SQLite measure its tables and indexes (PostgreSQL's autovacuum does this by itself).

    Without statistics SQLite guesses join orders, and on a large archive it guesses
    wrong: a tag page then walks every post of the language instead of the tag's few.
    Run after bulk writes (an import, the demo).
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
