"""Reading the search's change log (``SearchChange``), which database triggers write with every document.

Processes follow it to bring their sets up to date (``matchsets``), and the kept sets of common
terms are corrected with it (``postings``). A change is named by its id and random token, since
a rolled-back transaction can hand an id out again.
"""

from .models import SearchChange


def latest_change(db):
    """``(id, token)`` of the newest logged change, ``(0, "")`` when the log is empty."""
    with db.cursor() as cursor:
        cursor.execute(f"SELECT id, token FROM {SearchChange._meta.db_table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return tuple(row) if row else (0, "")


def changed_between(db, since, head, most):
    """The ids of the documents changed after the ``since`` change up to ``head`` (both ``(id, token)``), in
    order; None when the log cannot tell: ``since`` pruned or not the change it was, the table emptied at once
    (a change of page 0), or more than ``most`` changes between them."""
    since_id, since_token = since
    if since == head:
        return []
    if not since_id or head[0] <= since_id or head[0] - since_id > most:
        return None
    table = SearchChange._meta.db_table
    # One statement: the since change's token beside each change after it (the head's at least).
    with db.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT token FROM {table} WHERE id = %s), page_id FROM {table} "
                       "WHERE id > %s AND id <= %s", [since_id, since_id, head[0]])
        rows = cursor.fetchall()
    if not rows or rows[0][0] != since_token:
        return None
    changed = sorted({page_id for _token, page_id in rows})
    return None if 0 in changed else changed


def changes_since(db, since, most):
    """``(head, changed)``: the newest logged change (as ``latest_change``) and the ids of the documents changed
    after the ``since`` change up to it (as ``changed_between``), read in one statement where a process that
    follows the log would otherwise wait on two round trips after every change. ``changed`` is None when the log
    cannot tell (``since`` pruned or not the change it was, more than ``most`` changes since)."""
    since_id, since_token = since
    if not since_id:
        return latest_change(db), None
    with db.cursor() as cursor:
        # Newest first, down to the since change itself: more than ``most`` changes after it are not read.
        cursor.execute(f"SELECT id, token, page_id FROM {SearchChange._meta.db_table} WHERE id >= %s "
                       "ORDER BY id DESC LIMIT %s", [since_id, most + 2])
        rows = cursor.fetchall()
    if not rows:
        # Nothing from the since change on: the log was emptied (and perhaps numbered again).
        return latest_change(db), None
    head = (rows[0][0], rows[0][1])
    oldest_id, oldest_token, _page_id = rows[-1]
    if oldest_id != since_id or oldest_token != since_token:
        return head, None
    changed = sorted({page_id for _id, _token, page_id in rows[:-1]})
    return head, None if 0 in changed else changed
