"""Keeping the embedded database's query planner informed."""

from django.db import connection


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
