"""Running a change as a request's transaction would end: with what waits for its commit.

The tests' own transaction never commits, so the on-commit work a change queues (a new
content generation, the archives' numbering, the search index) would never run. ``as_committed``
runs it and clears it, as a commit does, so that the next change queues its own.

Django's ``captureOnCommitCallbacks`` is not enough here: it runs only what was queued inside
its block and leaves it queued. A new generation is queued once per transaction, so a change
made after the test's set-up finds one already waiting (the set-up's, never run) and queues
none: the captured block then ends with no new generation, and what pages hold per generation
stays as it was before the change. ``as_committed`` drops what the set-up queued before the
block instead (the test has already read the state it left), so the block queues its own.
"""

from contextlib import contextmanager

from django.db import connection


def run_pending_commit_work():
    """Run every callback waiting for the test transaction's commit (and those they queue), then forget them."""
    while connection.run_on_commit:
        callbacks = [callback for _savepoints, callback, _robust in connection.run_on_commit]
        connection.run_on_commit.clear()
        for callback in callbacks:
            callback()


@contextmanager
def as_committed():
    """Run the block, then the work it queued for its commit, as if it were a transaction of its own.

    Work queued before the block and never run is dropped first: running it here would credit
    the block with a new generation the set-up started.
    """
    connection.run_on_commit.clear()
    yield
    run_pending_commit_work()


def committed(change, *args, **kwargs):
    """Run ``change(*args, **kwargs)``, then the work it queued for its commit; returns what it returned."""
    with as_committed():
        return change(*args, **kwargs)
