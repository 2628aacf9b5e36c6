"""Rows written once for all the tests of a module, each test still starting from them untouched.

Most of the suite's time goes into writing the posts its tests read. A module whose tests all
read the same rows writes them in a module-scoped fixture inside ``kept_for_the_module``: one
transaction, open while the module's tests run and rolled back after the last. Each test's own
transaction (pytest-django's ``db``) is then a savepoint inside it, rolled back at the test's
end, so what one test changes never reaches the next.

Only for tests that use ``db``: a transactional test (``transaction=True``) empties the tables
itself and cannot run inside the module's transaction. Objects the fixture hands out are shared
too: a test that changes one in memory must not count on the next seeing it unchanged.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker):
    """A transaction for the rows a module's tests share, rolled back when the block ends (see the module)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
