"""Every test of the import that touches the database ends with the page tree checked."""

import pytest

from .helpers import tree_problems


@pytest.fixture(autouse=True)
def page_tree_is_intact(request):
    """After each database test, treebeard finds no problem in the page tree the import wrote.

    Requesting the database fixture here makes this check run before the test's
    transaction is rolled back (or its tables flushed).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("db")
    yield
    assert tree_problems() == {}, "the page tree has problems"
