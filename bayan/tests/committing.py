"""Running a change as a request's transaction would end: with what waits for its commit.

The tests' own transaction never commits, so the on-commit work a change queues (a new
content generation, the archives' numbering, the search index) would never run. ``committed``
runs it and clears it, so that the next change queues its own.
"""

from django.db import connection


def committed(change, *args, **kwargs):
    """Run ``change(*args, **kwargs)``, then the work it queued for its commit; returns what it returned."""
    result = change(*args, **kwargs)
    callbacks = [callback for _savepoints, callback, _robust in connection.run_on_commit]
    connection.run_on_commit.clear()
    for callback in callbacks:
        callback()
    return result
