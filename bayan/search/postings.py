"""The documents of each common term, kept whole in the database: a word's first search reads one row per term.

A word's set is otherwise read from the full-text index: every document id of the word's
terms, tens of thousands for a common word, turned into a set in Python on SQLite and
gathered by the server from the rows the GIN index finds on PostgreSQL (15 to 25 ms a word at
100,000 posts, most of a first search). Here every term that at least
``BAYAN_SEARCH_POSTINGS_FROM`` documents hold has a row (``SearchPostings``) with its set as
bytes (about 12 kB at 100,000 posts), read by key in a fraction of a millisecond; so has every
term that many titles hold, from the title index (``in_titles``), for a query's title matches.

A row is the index's answer for its term (the same match text a query word's term is found
with) as of one change of the search's change log (``SearchChange``: id and token). It is never
taken as it stands once later changes are logged: the documents changed since are taken out of
its set and those of them the index still finds for the term put back (one query among those
few documents), so a row answers as the index would, however old. A row whose change is no
longer in the log (pruned, or a rolled-back id handed out again), or more than
``MOST_PATCHED`` changes behind, is not used: its terms are read from the index as before. The
scheduled job (``bayan search-postings``, every minute in ``bayan serve``) brings rows behind
the log up to date, a bounded number per run; ``bayan search-rebuild`` and ``bayan
search-postings --build`` write them all afresh, for the terms common at that time.

Only ids of the index's documents are stored, and the index holds only posts readers may see:
what readers see is decided where it always was (``matchsets.DocumentSets.visible``).
"""

from collections import Counter
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction

from bayan.database import binary_rows

from .bits import bits_of, size_of
from .change_log import changed_between, latest_change
from .models import SearchDocument, SearchPostings

# A row further behind the log than this is read from the index rather than patched (its patch reads
# each changed document's terms again: a few milliseconds a hundred documents).
MOST_PATCHED = 500
# Rows the scheduled job brings up to date in one run, so that a run after a large import stays short.
REFRESHED_PER_RUN = 300
# Longer terms are left to the index (the row's key is a bounded text).
LONGEST_TERM = 200
# The columns whose terms a word is found by, in the full index; a title's, in the title index.
_TERM_COLUMNS = ("title_terms", "body_terms", "form_terms")
_TITLE_COLUMNS = ("title_terms",)


def applies(backend):
    """Whether ``backend`` searches the site's own index (the evaluation's scratch copy has no rows)."""
    return backend.documents_table == SearchDocument._meta.db_table


def kept(db, backend, terms, head, titles=False, changes=None):
    """``(set, terms covered)``: the union of the kept sets of those of ``terms`` that have a usable row (of
    the title index with ``titles``), brought to ``head`` (see the module's docstring); the caller reads the
    other terms from the index. ``changes``: a dict in which what the log says is kept for the caller's
    next calls with the same ``head``."""
    if not terms or not applies(backend):
        return 0, frozenset()
    changes = {} if changes is None else changes
    found, covered = 0, set()
    for since, group in _by_change(_rows(db, terms, titles)).items():
        if since not in changes:
            changes[since] = changed_between(db, since, head, MOST_PATCHED)
        if changes[since] is None:
            continue  # the log cannot tell what changed since: these terms are read from the index
        group_terms = [term for term, _bits in group]
        found |= _patched(db, backend, reduce(or_, (bits for _term, bits in group), 0),
                          _union(backend, group_terms, titles), changes[since], titles)
        covered.update(group_terms)
    return found, frozenset(covered)


def _patched(db, backend, bits, expression, changed, titles):
    """``bits`` (what ``expression`` found before the ``changed`` documents changed) as the index answers now."""
    if not changed:
        return bits
    return ((bits & ~bits_of(",".join(map(str, changed))))
            | backend.matching_among(db, expression, changed, title=titles))


def _rows(db, terms, titles):
    table = SearchPostings._meta.db_table
    terms = sorted(terms)
    with db.cursor() as cursor:
        binary_rows(cursor).execute(f"SELECT term, change_id, change_token, bits FROM {table} "
                       f"WHERE in_titles = %s AND term IN ({', '.join(['%s'] * len(terms))})", [titles, *terms])
        return cursor.fetchall()


def _by_change(rows):
    groups = {}
    for term, change_id, change_token, bits in rows:
        groups.setdefault((change_id, change_token), []).append((term, int.from_bytes(bytes(bits), "little")))
    return groups


def _expression(backend, term, titles):
    """The match text a query finds ``term`` by, in the full index or the title index."""
    return backend.title_term(term) if titles else backend.term(term)


def _union(backend, terms, titles):
    return "(" + backend.OR.join(_expression(backend, term, titles) for term in sorted(terms)) + ")"


def common_terms(db, least, titles=False):
    """The terms (of titles, bodies and other forms; of titles alone with ``titles``) that at least ``least``
    documents hold, most held first.

    Counted from the documents' term columns as the analysis wrote them; each is then looked up in
    the index itself, so a term the engine splits otherwise only finds what the index finds for it.
    """
    counts = Counter()
    table = SearchDocument._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_TITLE_COLUMNS if titles else _TERM_COLUMNS)} FROM {table}")
        while rows := cursor.fetchmany(2000):
            for columns in rows:
                counts.update(set(" ".join(columns).split()))
    return [term for term, count in counts.most_common() if count >= least and len(term) <= LONGEST_TERM]


def build(db, backend, least=None, progress=None):
    """Every common term's rows (of the full index and of the title index) written afresh from the index; rows
    of terms no longer common go. The number of rows.

    ``least``: the documents a term must be in (``BAYAN_SEARCH_POSTINGS_FROM``).
    """
    least = settings.BAYAN_SEARCH_POSTINGS_FROM if least is None else least
    # The log's head first: every change up to it is in what the index then answers, and a row that also
    # holds a later change is corrected by that change's patch, which reads the document again.
    head = latest_change(db)
    wanted = [(term, titles) for titles in (False, True) for term in common_terms(db, least, titles)]
    rows = []
    for number, (term, titles) in enumerate(wanted, 1):
        rows.append(_row(term, titles, head, backend.matching(db, _expression(backend, term, titles), title=titles)))
        if progress and number % 100 == 0:
            progress(number, len(wanted))
    with transaction.atomic(using=db.alias):
        SearchPostings.objects.using(db.alias).all().delete()
        SearchPostings.objects.using(db.alias).bulk_create(rows, batch_size=200)
    return len(rows)


def beyond_correction(db):
    """Whether no kept row can be brought to the log's newest change: none kept, or the oldest too far behind
    (after a large import, say), so that only a build gives common terms their sets again."""
    oldest = (SearchPostings.objects.using(db.alias).order_by("change_id")
              .values_list("change_id", "change_token").first())
    return oldest is None or changed_between(db, tuple(oldest), latest_change(db), MOST_PATCHED) is None


def refresh(db, backend, most=REFRESHED_PER_RUN):
    """Rows behind the log brought to its newest change (patched, or read from the index again when the log
    cannot tell what changed), at most ``most`` of them, oldest first; the number brought up to date."""
    head = latest_change(db)
    stale = list(SearchPostings.objects.using(db.alias).exclude(change_id=head[0], change_token=head[1])
                 .order_by("change_id", "term", "in_titles")[:most])
    patches = {}
    for row in stale:
        since = (row.change_id, row.change_token)
        if since not in patches:
            patches[since] = changed_between(db, since, head, MOST_PATCHED)
        changed, expression = patches[since], _expression(backend, row.term, row.in_titles)
        bits = (backend.matching(db, expression, title=row.in_titles) if changed is None
                else _patched(db, backend, int.from_bytes(bytes(row.bits), "little"), expression, changed,
                              row.in_titles))
        fresh = _row(row.term, row.in_titles, head, bits)
        # Only if no other run wrote the row meanwhile (the one scheduler runs this, but an operator may too).
        SearchPostings.objects.using(db.alias).filter(
            pk=row.pk, change_id=row.change_id, change_token=row.change_token,
        ).update(change_id=fresh.change_id, change_token=fresh.change_token, bits=fresh.bits)
    return len(stale)


def _row(term, titles, head, bits):
    return SearchPostings(term=term, in_titles=titles, change_id=head[0], change_token=head[1],
                          bits=bits.to_bytes(size_of(bits), "little"))
