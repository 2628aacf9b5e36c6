"""SQLite as Django's backend has it, with each statement's placeholders converted once rather than at every run.

Django writes statements with ``%s`` placeholders, and its SQLite cursor turns them into SQLite's ``?``
with a regular expression over the whole text at every execution. A post page is one statement of
about five thousand characters (the post, its filing and translations, the content generation read
with it): converting it took about 50 µs, a twentieth of drawing the page. The conversion depends on
the text alone, so the converted text of each statement is kept (PostgreSQL's driver keeps its own
the same way), up to ``CONVERTED_KEPT`` statements; past that, statements are converted as before.
"""

from django.db.backends.sqlite3 import base

# Statements whose converted text is kept: the site's few hundred kinds of statement, with room to spare.
CONVERTED_KEPT = 4096
_converted = {}


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    """Django's SQLite cursor, converting each statement's placeholders once."""

    def convert_query(self, query, *, param_names=None):
        if param_names is not None:
            return super().convert_query(query, param_names=param_names)
        converted = _converted.get(query)
        if converted is None:
            converted = super().convert_query(query)
            if len(_converted) < CONVERTED_KEPT:
                _converted[query] = converted
        return converted


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
