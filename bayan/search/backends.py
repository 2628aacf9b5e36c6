"""The two full-text engines behind one interface: SQLite's FTS5 and PostgreSQL's tsvector.

Both index the same analysed terms (see ``analysis``), in four kinds kept apart:
title stems, body stems, the words' other forms (found as exactly as stems) and
close terms (root families and sound keys, found only when asked for), and the
title stems once more in an index of their own, whose short posting lists find and
rank "every word in the title" quickly. A backend turns a parsed ``Query`` into its engine's match
expressions and supplies the SQL that lists matching documents and ranks them;
counting and facets work on the sets of ``matchsets``, the same on both.
"""

import heapq
from dataclasses import dataclass

from .bits import bits_of, bits_of_words
from .query import Phrase, title_terms

# Ids looked up in one statement (SQLite's limit of parameters is far above it).
IDS_PER_STATEMENT = 500

# How much a match of each kind weighs in the ranking, relative to each other.
WEIGHTS = {"title": 10.0, "body": 3.0, "form": 1.0, "close": 0.3}
# SearchDocument's term columns, in the order of WEIGHTS.
TERM_COLUMNS = ("title_terms", "body_terms", "form_terms", "close_terms")
# PostgreSQL: the letter written before each term of a kind in the indexed vector (a term is letters
# and digits, so the parser keeps the mark and the term one lexeme).
KIND_MARKS = {"title": "t", "body": "b", "form": "f", "close": "c"}


@dataclass
class FullTextSchema:
    create: list
    drop: list


def full_text_schema(vendor, documents_table, fts_table="bayan_search_fts", temporary=False, columns=TERM_COLUMNS):
    """The statements that add (and remove) the full-text structure for ``documents_table``.

    ``temporary`` builds it for a temporary table (the evaluation's scratch copy);
    ``columns`` names the four term columns (migrations before 0005 knew them by other names).
    """
    if vendor == "sqlite":
        schema, trigger = ("temp.", "CREATE TEMP TRIGGER") if temporary else ("", "CREATE TRIGGER")
        new = ", ".join(["new.page_id", *(f"new.{column}" for column in columns)])
        old = ", ".join(["old.page_id", *(f"old.{column}" for column in columns)])
        columns = ", ".join(columns)
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
        # Each term is written with its kind's letter in front (KIND_MARKS), so that a match names
        # lexemes the GIN index answers alone; the weight labels stay for ts_rank only (GIN cannot
        # check a label, and every row a labelled match found was read again to check it).
        vector = " || ".join(
            f"setweight(to_tsvector('simple', regexp_replace({column}, '(\\S+)', '{mark}\\1', 'g')), '{weight}')"
            for column, mark, weight in zip(columns, KIND_MARKS.values(), "ABCD", strict=True))
        return FullTextSchema(
            create=[
                f"ALTER TABLE {documents_table} ADD COLUMN terms tsvector GENERATED ALWAYS AS ({vector}) STORED",
                f"CREATE INDEX {fts_table}_terms ON {documents_table} USING gin (terms)",
            ],
            drop=[f"DROP INDEX IF EXISTS {fts_table}_terms", f"ALTER TABLE {documents_table} DROP COLUMN terms"],
        )
    raise ValueError(f"search needs SQLite or PostgreSQL, not {vendor}")


def title_schema(vendor, documents_table, title_table="bayan_search_title_fts", temporary=False):
    """The statements that add (and remove) the index of title stems alone."""
    if vendor == "sqlite":
        schema, trigger = ("temp.", "CREATE TEMP TRIGGER") if temporary else ("", "CREATE TRIGGER")
        insert = f"INSERT INTO {title_table}(rowid, title_terms) VALUES (new.page_id, new.title_terms)"
        delete = (f"INSERT INTO {title_table}({title_table}, rowid, title_terms) "
                  "VALUES ('delete', old.page_id, old.title_terms)")
        return FullTextSchema(
            create=[
                f"CREATE VIRTUAL TABLE {schema}{title_table} USING fts5(title_terms, content='{documents_table}', "
                "content_rowid='page_id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
                f"INSERT INTO {schema}{title_table}({title_table}) VALUES ('rebuild')",
                f"{trigger} {title_table}_insert AFTER INSERT ON {documents_table} BEGIN {insert}; END",
                f"{trigger} {title_table}_delete AFTER DELETE ON {documents_table} BEGIN {delete}; END",
                f"{trigger} {title_table}_update AFTER UPDATE ON {documents_table} BEGIN {delete}; {insert}; END",
            ],
            drop=[f"DROP TRIGGER IF EXISTS {schema}{title_table}_{event}" for event in ("insert", "delete", "update")]
            + [f"DROP TABLE IF EXISTS {schema}{title_table}"],
        )
    if vendor == "postgresql":
        return FullTextSchema(
            create=[
                f"ALTER TABLE {documents_table} ADD COLUMN title_vector tsvector "
                "GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED",
                title_vector_inline(documents_table),
                f"CREATE INDEX {title_table}_vector ON {documents_table} USING gin (title_vector)",
            ],
            drop=[f"DROP INDEX IF EXISTS {title_table}_vector",
                  f"ALTER TABLE {documents_table} DROP COLUMN title_vector"],
        )
    raise ValueError(f"search needs SQLite or PostgreSQL, not {vendor}")


def title_vector_inline(documents_table):
    """PostgreSQL: keep each row's title vector in the row itself (``STORAGE MAIN``), not in the TOAST table.

    A document's other columns are long, so PostgreSQL moved every column it could out of the row,
    the short title vector too (about 160 bytes). Ranking a search's title matches reads the
    vectors of up to a thousand rows by key: each was then a further lookup in the TOAST table, half
    of ranking's time (10,000 posts: 5.6 ms for a thousand rows, 2.9 ms with the vectors in the rows).
    Rows written before the setting keep their vector where it is until written again.
    """
    return f"ALTER TABLE {documents_table} ALTER COLUMN title_vector SET STORAGE MAIN"


def pairs_of(column):
    """PostgreSQL: text of every two neighbouring terms of ``column`` joined into one, ``p<first>0<second>``.

    Two passes pair the terms from the first and from the second on, so every
    neighbouring pair is made once; an unpaired last term becomes ``p0``, which no
    phrase asks for. The parser keeps letters and digits together as one lexeme.
    """
    pair = "'(\\S+)\\s+(\\S+)|\\S+$', 'p\\10\\2', 'g'"
    return (f"regexp_replace({column}, {pair}) || ' ' || "
            f"regexp_replace(regexp_replace({column}, '^\\S+\\s*', ''), {pair})")


# PostgreSQL: the neighbouring pairs of the title's and of the body's stems, the expression the pairs index
# is built on (an index only: the vector is never stored, and a pair's match needs no check of the row).
PAIRS_VECTOR = f"strip(to_tsvector('simple', {pairs_of('title_terms')} || ' ' || {pairs_of('body_terms')}))"


# PostgreSQL: the documents a match condition finds, as 64-bit words (``bits_of_words``), read with sequential scans
# off. Declared on the function, the setting holds while the function plans and runs its statement and goes with
# it: one statement, where setting it for a transaction of its own took three more round trips (the transaction's
# start, the setting, the commit). ``condition`` is SQL this module writes (the reader's words come as
# ``first``/``second``, its ``$1``/``$2``), never text from a request.
MATCHING_FUNCTION = "bayan_search_matching"
MATCHING_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {MATCHING_FUNCTION}(documents regclass, condition text, first text, second text)
RETURNS TABLE (word integer, bits bigint)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off
AS $function$
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT (page_id >> 6)::integer, bit_or(1::int8 << (page_id & 63)) FROM %s WHERE %s GROUP BY 1',
        documents, condition) USING first, second;
END
$function$
"""


def pairs_schema(vendor, documents_table, index="bayan_search_pairs", concurrently=False):
    """The statements that add (and remove) PostgreSQL's index of neighbouring stems, which finds phrases.

    A phrase on the weighted vector (``'tA' <-> 'tB'``) makes PostgreSQL read and check the
    vector of every post with both words, a quarter of a second for «"حقوق الإنسان"» at
    100,000 posts; each pair of neighbouring stems as a word of its own is answered by GIN
    alone. SQLite has nothing to add: FTS5 keeps positions in its index.
    """
    if vendor == "sqlite":
        return FullTextSchema(create=[], drop=[])
    if vendor == "postgresql":
        how = "CONCURRENTLY " if concurrently else ""
        return FullTextSchema(
            create=[f"CREATE INDEX {how}IF NOT EXISTS {index} ON {documents_table} USING gin ({PAIRS_VECTOR})"],
            drop=[f"DROP INDEX {how}IF EXISTS {index}"],
        )
    raise ValueError(f"search needs SQLite or PostgreSQL, not {vendor}")


def change_log_schema(vendor, documents_table, log_table):
    """Triggers that log, in ``log_table``, the page id of every document inserted, updated or deleted."""
    if vendor == "sqlite":
        def log(row):
            return f"INSERT INTO {log_table}(page_id, token) VALUES ({row}.page_id, lower(hex(randomblob(16))))"
        events = {"insert": log("new"), "delete": log("old"), "update": f"{log('old')}; {log('new')}"}
        return FullTextSchema(
            create=[f"CREATE TRIGGER {log_table}_{event} AFTER {event.upper()} ON {documents_table} BEGIN {body}; END"
                    for event, body in events.items()],
            drop=[f"DROP TRIGGER IF EXISTS {log_table}_{event}" for event in events],
        )
    if vendor == "postgresql":
        token = "md5(random()::text || clock_timestamp()::text)"
        functions = {
            "new": f"INSERT INTO {log_table}(page_id, token) SELECT page_id, {token} FROM changed_rows",
            "old": f"INSERT INTO {log_table}(page_id, token) SELECT page_id, {token} FROM changed_rows",
            "all": f"INSERT INTO {log_table}(page_id, token) VALUES (0, {token})",
        }
        create = [f"CREATE FUNCTION {log_table}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
                  "RETURN NULL; END $$" for name, body in functions.items()]
        # A trigger with transition tables takes one event; an update is logged by its new rows (same ids).
        for event, rows, function in (("insert", "NEW", "new"), ("update", "NEW", "new"), ("delete", "OLD", "old")):
            create.append(f"CREATE TRIGGER {log_table}_{event} AFTER {event.upper()} ON {documents_table} "
                          f"REFERENCING {rows} TABLE AS changed_rows FOR EACH STATEMENT "
                          f"EXECUTE FUNCTION {log_table}_{function}()")
        create.append(f"CREATE TRIGGER {log_table}_truncate AFTER TRUNCATE ON {documents_table} "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {log_table}_all()")
        return FullTextSchema(
            create=create,
            drop=[f"DROP TRIGGER IF EXISTS {log_table}_{event} ON {documents_table}"
                  for event in ("insert", "update", "delete", "truncate")]
            + [f"DROP FUNCTION IF EXISTS {log_table}_{name}()" for name in functions],
        )
    raise ValueError(f"search needs SQLite or PostgreSQL, not {vendor}")


class Backend:
    """Renders a parsed query as a match expression; subclasses give the engine's syntax.

    Every term is quoted, so nothing a reader types becomes syntax.
    """

    AND = OR = EXCLUDE = ""

    def expression(self, query, close=False, any_word=False):
        """The engine's match text: the required parts (all, or any), minus the excluded ones.

        ``close`` lets each word be found by its close terms too.
        """
        required = [self.part(part, close) for part in query.required]
        expression = "(" + (self.OR if any_word else self.AND).join(required) + ")"
        if query.excluded:
            expression += self.EXCLUDE + "(" + self.OR.join(self.part(part) for part in query.excluded) + ")"
        return expression

    def part(self, part, close=False):
        """The match text of one query word or phrase: every term that is the word (and its close terms)."""
        if isinstance(part, Phrase):
            return self.phrase(part.stems)
        options = [self.term(term) for term in sorted(part.terms)]
        if part.prefix and part.prefix_exact:
            options.append(self.prefix(part.prefix))
        if close:
            options += self._close_options(part)
        return "(" + self.OR.join(options) + ")"

    def pairs(self, part):
        """The match text, for an index of neighbouring stems, of a phrase's pairs, and whether that alone
        decides the match (two stems); None where the engine has no such index or the part is no phrase."""
        return None

    def close_part(self, part):
        """The match text of a word's close terms and of its start as typed; None if it has neither."""
        options = [] if isinstance(part, Phrase) else self._close_options(part)
        return "(" + self.OR.join(options) + ")" if options else None

    def _close_options(self, part):
        options = [self.close(term) for term in sorted(part.close)]
        if part.prefix and not part.prefix_exact:
            options.append(self.prefix(part.prefix))
        return options

    def title_part(self, part):
        """The match text, for the title index, of a word's stems (and its start, if exact) or of a phrase."""
        if isinstance(part, Phrase):
            return self.title_phrase(part.stems)
        options = [self.title_term(term) for term in title_terms(part)]
        if part.prefix and part.prefix_exact:
            options.append(self.title_prefix(part.prefix))
        return "(" + self.OR.join(options) + ")"

    def title_expression(self, query):
        """Match text for the title index: every required word or phrase in the title."""
        return "(" + self.AND.join(self.title_part(part) for part in query.required) + ")"


class SQLiteBackend(Backend):
    """FTS5 over an external-content table kept in step by triggers."""

    AND, OR, EXCLUDE = " AND ", " OR ", " NOT "

    def __init__(self, documents_table, fts_table, title_table):
        self.documents_table = documents_table
        self.fts_table = fts_table
        self.title_table = title_table

    @staticmethod
    def id_list(column):
        """An aggregate joining a column's ids with commas."""
        return f"group_concat({column})"

    def ids_sql(self, title=False):
        """SQL listing, as one comma-separated text, the documents a match text (the one parameter) finds."""
        table = self.title_table if title else self.fts_table
        return f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH %s"

    def matching(self, db, expression, title=False, pairs=None):
        """The set (``matchsets``' bits) of the documents ``expression`` finds (``pairs``: see ``Backend.pairs``)."""
        with db.cursor() as cursor:
            cursor.execute(self.ids_sql(title), [expression])
            return bits_of(cursor.fetchone()[0])

    def matching_among(self, db, expression, ids, title=False):
        """The set of those of the documents ``ids`` that ``expression`` finds, in the full index or the title
        index (FTS5 looks each id up)."""
        found = []
        with db.cursor() as cursor:
            for start in range(0, len(ids), IDS_PER_STATEMENT):
                batch = ids[start:start + IDS_PER_STATEMENT]
                cursor.execute(f"{self.ids_sql(title)} AND rowid IN ({', '.join(['%s'] * len(batch))})",
                               [expression, *batch])
                found.append(cursor.fetchone()[0] or "")
        return bits_of(",".join(filter(None, found)))

    def title_phrase(self, stems):
        return '"' + " ".join(stems) + '"'

    def title_term(self, term):
        return f'"{term}"'

    def title_prefix(self, term):
        return f'"{term}" *'

    def title_rank(self, db, query, pool, wanted, sets=None):
        """The ``wanted`` best of ``pool`` (ids of documents with every required word in the title), best first.
        Nothing is held in ``sets``: BM25 weighs a document by the whole index's counts, which any change moves."""
        return self._best(db, self.title_table, self.title_expression(query), "", pool, wanted)

    def phrase(self, stems):
        return '{title_terms body_terms} : "' + " ".join(stems) + '"'

    def term(self, term):
        return f'{{title_terms body_terms form_terms}} : "{term}"'

    def prefix(self, term):
        return f'{{title_terms body_terms}} : "{term}" *'

    def close(self, term):
        return f'close_terms : "{term}"'

    def rank(self, db, query, pool, wanted, close=False, any_word=False, sets=None):
        """The ``wanted`` best of ``pool`` (ids of documents matching ``query``, highest first), best first.

        Among equals the later added comes first. FTS5 reads only the rows from the pool's
        lowest id up (a rowid range it answers from its index); the rest of that range is
        left out here.
        """
        weights = ", " + ", ".join(str(weight) for weight in WEIGHTS.values())
        return self._best(db, self.fts_table, self.expression(query, close, any_word), weights, pool, wanted)

    @staticmethod
    def _best(db, table, expression, weights, pool, wanted):
        members = set(pool)
        kept = []
        with db.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid >= %s "
                           f"ORDER BY bm25({table}{weights}), rowid DESC", [expression, pool[-1]])
            while len(kept) < wanted:
                rows = cursor.fetchmany(1000)
                if not rows:
                    break
                kept += [page_id for (page_id,) in rows if page_id in members]
        return kept[:wanted]


class PostgresBackend(Backend):
    """A weighted tsvector column (generated from the term columns) with a GIN index.

    Each kind's terms carry its mark (``KIND_MARKS``: title stems, body stems, other forms, close
    terms), which matches name; weights A to D stand for the same kinds, which ts_rank weighs.
    """

    AND, OR, EXCLUDE = " & ", " | ", " & !"

    def __init__(self, documents_table):
        self.documents_table = documents_table

    @staticmethod
    def id_list(column):
        """An aggregate joining a column's ids with commas."""
        return f"string_agg(({column})::text, ',')"

    def matching(self, db, expression, title=False, pairs=None):
        """The set (``matchsets``' bits) of the documents ``expression`` finds.

        PostgreSQL gathers the ids in 64-bit words (``bits_of_words``), a sixtieth of
        the rows a list of ids would send, which spares the parsing of each id. A phrase
        is found through the index of neighbouring stems (``pairs``, see ``Backend.pairs``),
        which decides a phrase of two stems alone and narrows a longer one to the few
        posts whose vectors are then checked.

        Read through the GIN index whatever share of the documents match: the planner would
        read a common word's rows in full instead, unpacking every row's vector from its
        TOAST table (half a second at 100,000 posts), where the index gives the rows at once.
        The statement runs in ``MATCHING_FUNCTION``, which turns sequential scans off for
        itself alone, in or out of a transaction, behind a pooler too.
        """
        conditions = [f"{'title_vector' if title else 'terms'} @@ to_tsquery('simple', $1)"]
        pairs_expression = None
        if pairs:
            pairs_expression, decides = pairs
            if decides:
                conditions = []
            conditions.append(f"{PAIRS_VECTOR} @@ to_tsquery('simple', $2)")
        with db.cursor() as cursor:
            cursor.execute(f"SELECT word, bits FROM {MATCHING_FUNCTION}(%s::regclass, %s, %s, %s)",
                           [self.documents_table, " AND ".join(conditions), expression, pairs_expression])
            return bits_of_words(cursor.fetchall())

    def matching_among(self, db, expression, ids, title=False):
        """The set of those of the documents ``ids`` that ``expression`` finds, in the full index or the title
        index (found by key, each vector checked)."""
        with db.cursor() as cursor:
            cursor.execute(f"SELECT page_id >> 6, bit_or(1::int8 << (page_id & 63)) FROM {self.documents_table} "
                           f"WHERE page_id = ANY(%s) AND {'title_vector' if title else 'terms'} "
                           "@@ to_tsquery('simple', %s) GROUP BY 1", [list(ids), expression])
            return bits_of_words(cursor.fetchall())

    def title_phrase(self, stems):
        return "(" + " <-> ".join(f"'{stem}'" for stem in stems) + ")"

    def pairs(self, part):
        # A stem with a 0 in it could run into the pair's separator: such a phrase is checked on the vectors.
        if not isinstance(part, Phrase) or len(part.stems) < 2 or any("0" in stem for stem in part.stems):
            return None
        pairs = sorted({f"'p{first}0{second}'" for first, second in zip(part.stems, part.stems[1:], strict=False)})
        return " & ".join(pairs), len(part.stems) == 2

    def title_term(self, term):
        return f"'{term}'"

    def title_prefix(self, term):
        return f"'{term}':*"

    def title_rank(self, db, query, pool, wanted, sets=None):
        """The ``wanted`` best of ``pool`` (ids of documents with every required word in the title), best first;
        scores held in ``sets`` (``matchsets.DocumentSets``) are not read again."""
        return self._best(db, "title_vector", self.title_expression(query), "", pool, wanted, sets)

    def phrase(self, stems):
        return "(" + self.OR.join("(" + " <-> ".join(f"'{KIND_MARKS[kind]}{stem}'" for stem in stems) + ")"
                                  for kind in ("title", "body")) + ")"

    def term(self, term):
        return "(" + self.OR.join(f"'{KIND_MARKS[kind]}{term}'" for kind in ("title", "body", "form")) + ")"

    def prefix(self, term):
        return "(" + self.OR.join(f"'{KIND_MARKS[kind]}{term}':*" for kind in ("title", "body")) + ")"

    def close(self, term):
        return f"'{KIND_MARKS['close']}{term}'"

    def rank(self, db, query, pool, wanted, close=False, any_word=False, sets=None):
        """The ``wanted`` best of ``pool`` (ids of documents matching ``query``), best first.

        Among equals the later added comes first. Only the pool's rows are read (by their
        keys), and ``ts_rank`` reads each one's vector; scores held in ``sets``
        (``matchsets.DocumentSets``) are not read again.
        """
        # ts_rank takes the weights of D, C, B, A, at most 1 each.
        top = WEIGHTS["title"]
        weights = "'{" + ", ".join(str(WEIGHTS[kind] / top) for kind in ("close", "form", "body", "title")) + "}', "
        return self._best(db, "terms", self.expression(query, close, any_word), weights, pool, wanted, sets)

    def _best(self, db, column, expression, weights, pool, wanted, sets=None):
        # The query is parsed once, in a subquery: ``to_tsquery`` is not immutable, so written in the ordering
        # it was parsed again for every row of the pool (a tenth of ranking a thousand titles).
        score = f"ts_rank({weights}{column}, (SELECT to_tsquery('simple', %s)))"
        if sets is None:
            with db.cursor() as cursor:
                cursor.execute(f"SELECT page_id FROM {self.documents_table} WHERE page_id = ANY(%s) "
                               f"ORDER BY {score} DESC, page_id DESC LIMIT %s", [list(pool), expression, wanted])
                return [page_id for (page_id,) in cursor.fetchall()]

        # A document's score depends on its own terms alone: held, a ranking after a change reads only the
        # documents that changed or came into the pool (a pool of a thousand took 4 to 6 ms to read again).
        def read(ids):
            with db.cursor() as cursor:
                cursor.execute(f"SELECT page_id, {score} FROM {self.documents_table} WHERE page_id = ANY(%s)",
                               [expression, ids])
                return cursor.fetchall()

        scores = sets.scores((column, expression, weights), list(pool), read)
        # As the statement above orders them: the score (a ``real``, read exactly), then the newest id.
        return heapq.nsmallest(wanted, scores, key=lambda page_id: (-scores[page_id], -page_id))


def backend_for(connection, documents_table="bayan_search_searchdocument", fts_table="bayan_search_fts",
                title_table="bayan_search_title_fts"):
    """The backend for a database connection."""
    if connection.vendor == "sqlite":
        return SQLiteBackend(documents_table, fts_table, title_table)
    if connection.vendor == "postgresql":
        return PostgresBackend(documents_table)
    raise ValueError(f"search needs SQLite or PostgreSQL, not {connection.vendor}")
