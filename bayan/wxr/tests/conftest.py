"""Every test of the import that touches the database ends with the page tree checked."""

import pytest

from .helpers import tree_problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether a test's own body failed, for the check below."""
    report = yield
    if report.when == "call":
        item.body_failed = report.failed
    return report


@pytest.fixture(autouse=True)
def page_tree_is_intact(request):
    """After each database test, treebeard finds no problem in the page tree the import wrote.

    Requesting the database fixture here makes this check run before the test's
    transaction is rolled back (or its tables flushed). A test that failed already is
    not checked: its failure may have left the transaction unusable, and it is reported.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("db")
    yield
    if not getattr(request.node, "body_failed", False):
        assert tree_problems() == {}, "the page tree has problems"
