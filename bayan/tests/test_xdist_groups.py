"""Tests that share something costly (a demo site, a PostgreSQL cluster) run on one worker, as their group asks.

``./run test`` spreads tests over two workers with ``--dist loadgroup``; a test marked ``xdist_group``
carries its group in its id, which is how the scheduler keeps a group on one worker (conftest.py).
"""

import pytest

pytestmark = pytest.mark.xdist_group("group-check")


def test_a_grouped_test_carries_its_group_for_the_scheduler(request):
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("only when the tests are spread over workers by group (./run test)")
    assert request.node.nodeid.endswith("@group-check")


@pytest.mark.parametrize("address", ["postgres://user@127.0.0.1/site"])
def test_a_parameter_holding_an_at_sign_keeps_its_test_in_the_group(request, address):
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("only when the tests are spread over workers by group (./run test)")
    assert "@127.0.0.1" in request.node.nodeid
    assert request.node.nodeid.endswith("@group-check")
