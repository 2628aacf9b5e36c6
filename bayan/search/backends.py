"""The two full-text engines behind one interface: SQLite's FTS5 and PostgreSQL's tsvector.

Both index the same analysed terms (see ``analysis``), in four kinds kept apart:
title stems, body stems, Arabic families and sound keys. A backend turns a parsed
``Query`` into its engine's match expression and supplies the SQL that finds and
ranks matching documents; everything around it (filters, counts, facets) is
shared SQL in ``searching``.
"""

from dataclasses import dataclass

from .query import Phrase

# How much a match of each kind weighs in the ranking, relative to each other.
WEIGHTS = {"title": 10.0, "body": 3.0, "family": 1.0, "sound": 0.3}


@dataclass
class FullTextSchema:
    create: list
    drop: list


def full_text_schema(vendor, documents_table, fts_table="bayan_search_fts", temporary=False):
    """The statements that add (and remove) the full-text structure for ``documents_table``.

    ``temporary`` builds it for a temporary table (the evaluation's scratch copy).
    """
    if vendor == "sqlite":
        schema, trigger = ("temp.", "CREATE TEMP TRIGGER") if temporary else ("", "CREATE TRIGGER")
        columns = "title_terms, body_terms, family_terms, sound_terms"
        new = "new.page_id, new.title_terms, new.body_terms, new.family_terms, new.sound_terms"
        old = "old.page_id, old.title_terms, old.body_terms, old.family_terms, old.sound_terms"
        return FullTextSchema(
            create=[
                f"CREATE VIRTUAL TABLE {schema}{fts_table} USING fts5({columns}, content='{documents_table}', "
                f"content_rowid='page_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
                f"{trigger} {fts_table}_insert AFTER INSERT ON {documents_table} BEGIN "
                f"INSERT INTO {fts_table}(rowid, {columns}) VALUES ({new}); END",
                f"{trigger} {fts_table}_delete AFTER DELETE ON {documents_table} BEGIN "
                f"INSERT INTO {fts_table}({fts_table}, rowid, {columns}) VALUES ('delete', {old}); END",
                f"{trigger} {fts_table}_update AFTER UPDATE ON {documents_table} BEGIN "
                f"INSERT INTO {fts_table}({fts_table}, rowid, {columns}) VALUES ('delete', {old}); "
                f"INSERT INTO {fts_table}(rowid, {columns}) VALUES ({new}); END",
            ],
            drop=[f"DROP TRIGGER IF EXISTS {schema}{fts_table}_{event}" for event in ("insert", "delete", "update")]
            + [f"DROP TABLE IF EXISTS {schema}{fts_table}"],
        )
    if vendor == "postgresql":
        vector = (
            "setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')"
            " || setweight(to_tsvector('simple', family_terms), 'C')"
            " || setweight(to_tsvector('simple', sound_terms), 'D')"
        )
        return FullTextSchema(
            create=[
                f"ALTER TABLE {documents_table} ADD COLUMN terms tsvector GENERATED ALWAYS AS ({vector}) STORED",
                f"CREATE INDEX {fts_table}_terms ON {documents_table} USING gin (terms)",
            ],
            drop=[f"DROP INDEX IF EXISTS {fts_table}_terms", f"ALTER TABLE {documents_table} DROP COLUMN terms"],
        )
    raise ValueError(f"search needs SQLite or PostgreSQL, not {vendor}")


@dataclass
class Match:
    """SQL fragments that find and rank documents (aliased ``d``) for one query."""

    from_sql: str
    where_sql: str
    where_params: list
    order_sql: str
    order_params: list


class Backend:
    """Renders a parsed query as a match expression; subclasses give the engine's syntax.

    Every term is quoted, so nothing a reader types becomes syntax.
    """

    AND = OR = EXCLUDE = ""

    def expression(self, query, fuzzy=False, any_word=False):
        """The engine's match text: the required parts (all, or any), minus the excluded ones."""
        required = [self._part(part, fuzzy) for part in query.required]
        expression = "(" + (self.OR if any_word else self.AND).join(required) + ")"
        if query.excluded:
            expression += self.EXCLUDE + "(" + self.OR.join(self._part(part, False) for part in query.excluded) + ")"
        return expression

    def _part(self, part, fuzzy):
        if isinstance(part, Phrase):
            return self.phrase(part.stems)
        options = [self.stem(stem) for stem in sorted(part.stems)]
        if part.prefix:
            options.append(self.prefix(part.prefix))
        options += [self.family(family) for family in sorted(part.families)]
        if fuzzy:
            options += [self.sound(key) for key in sorted(part.sounds)]
        return "(" + self.OR.join(options) + ")"


class SQLiteBackend(Backend):
    """FTS5 over an external-content table kept in step by triggers."""

    AND, OR, EXCLUDE = " AND ", " OR ", " NOT "

    def __init__(self, documents_table, fts_table):
        self.documents_table = documents_table
        self.fts_table = fts_table

    def phrase(self, stems):
        return '{title_terms body_terms} : "' + " ".join(stems) + '"'

    def stem(self, term):
        return f'{{title_terms body_terms}} : "{term}"'

    def prefix(self, term):
        return f'{{title_terms body_terms}} : "{term}" *'

    def family(self, term):
        return f'family_terms : "{term}"'

    def sound(self, term):
        return f'sound_terms : "{term}"'

    def match(self, query, fuzzy=False, any_word=False):
        weights = ", ".join(str(WEIGHTS[kind]) for kind in ("title", "body", "family", "sound"))
        return Match(
            from_sql=f"{self.fts_table} JOIN {self.documents_table} d ON d.page_id = {self.fts_table}.rowid",
            where_sql=f"{self.fts_table} MATCH %s",
            where_params=[self.expression(query, fuzzy, any_word)],
            order_sql=f"bm25({self.fts_table}, {weights})",
            order_params=[],
        )


class PostgresBackend(Backend):
    """A weighted tsvector column (generated from the term columns) with a GIN index.

    Weights A to D stand for title, body, family and sound terms.
    """

    AND, OR, EXCLUDE = " & ", " | ", " & !"

    def __init__(self, documents_table):
        self.documents_table = documents_table

    def phrase(self, stems):
        return "(" + " <-> ".join(f"'{stem}':AB" for stem in stems) + ")"

    def stem(self, term):
        return f"'{term}':AB"

    def prefix(self, term):
        return f"'{term}':*AB"

    def family(self, term):
        return f"'{term}':C"

    def sound(self, term):
        return f"'{term}':D"

    def match(self, query, fuzzy=False, any_word=False):
        expression = self.expression(query, fuzzy, any_word)
        # ts_rank takes the weights of D, C, B, A, at most 1 each.
        top = WEIGHTS["title"]
        weights = "{" + ", ".join(str(WEIGHTS[kind] / top) for kind in ("sound", "family", "body", "title")) + "}"
        return Match(
            from_sql=f"{self.documents_table} d",
            where_sql="d.terms @@ to_tsquery('simple', %s)",
            where_params=[expression],
            order_sql=f"ts_rank('{weights}', d.terms, to_tsquery('simple', %s)) DESC",
            order_params=[expression],
        )


def backend_for(connection, documents_table="bayan_search_searchdocument", fts_table="bayan_search_fts"):
    """The backend for a database connection."""
    if connection.vendor == "sqlite":
        return SQLiteBackend(documents_table, fts_table)
    if connection.vendor == "postgresql":
        return PostgresBackend(documents_table)
    raise ValueError(f"search needs SQLite or PostgreSQL, not {connection.vendor}")
