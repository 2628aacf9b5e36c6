"""A module whose tests share a module-scoped fixture of its own keeps those tests on one worker (conftest.py).

Such a fixture (rows written once, bayan.tests.shared_rows) is made once per worker that runs one
of its tests; as a group of its own, the module's tests that use it go to one worker.
"""

import pytest


@pytest.fixture(scope="module")
def made_once():
    return object()


def spread_by_group(request):
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("only when the tests are spread over workers by group (./run test)")


def test_a_test_using_its_modules_own_module_fixture_is_in_the_modules_group(request, made_once):
    spread_by_group(request)
    assert request.node.nodeid.endswith("@bayan.tests.test_module_fixture_groups")


def test_a_test_of_the_module_without_that_fixture_is_in_no_group(request):
    spread_by_group(request)
    assert "@" not in request.node.nodeid


@pytest.mark.xdist_group("chosen-group")
def test_a_group_chosen_by_its_mark_is_kept(request, made_once):
    spread_by_group(request)
    assert request.node.nodeid.endswith("@chosen-group")
