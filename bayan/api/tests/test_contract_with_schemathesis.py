"""Schemathesis runs every operation of the published OpenAPI document against the API itself.

Generated requests, valid and not, with every default check: no server error, every status
and header documented, every answer valid against its (strict) schema, invalid input refused.
Then its stateful run follows the links it infers between operations. Examples are capped so
the suite keeps its time; the database holds the small public newsroom of ``conftest``. It
runs on SQLite and on PostgreSQL.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from bayan.wsgi import application

# Parameters whose values only the API makes.
OPAQUE = {"cursor", "since"}

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def unlimited(settings):
    settings.BAYAN_API_RATE_PER_MINUTE = 10**9
    settings.ALLOWED_HOSTS = ["*"]


def served_within_the_test(environ, start_response):
    """The site's WSGI application, on the test's own database connection.

    A WSGI request starts and ends by closing connections that are not in autocommit; the
    test's transaction is such a connection (PostgreSQL's would be closed under it; SQLite's
    in-memory one never is). Django's test client leaves them open in the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _excluded(case):
    # A cursor or a feed's token is only ever one the API gave out: any other string, however
    # well-formed, is refused on purpose (test_operations.py pins those 400s).
    return [positive_data_acceptance] if set(case.query or {}) & OPAQUE else []


def test_every_operation_keeps_to_the_contract(newsroom, unlimited):
    # Driven from here rather than by schemathesis's pytest plugin, which this pytest's version does not load.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served_within_the_test)
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
               | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @settings(max_examples=16, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_to_the_contract(case):
            case.call_and_validate(excluded_checks=_excluded(case))

        keeps_to_the_contract()
    assert len(tried) >= 25, tried


def test_the_links_between_operations_hold(newsroom, unlimited):
    # Schemathesis's stateful run: it follows the links it finds in the document (a list's ids to
    # each item's page, a statement to its signers' pages) and checks every answer on the way.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served_within_the_test)

    class Workflow(schema.as_state_machine()):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, additional_checks=additional_checks, excluded_checks=_excluded(case),
                                   transport_kwargs=kwargs or None)

    run_state_machine_as_test(Workflow, settings=settings(
        max_examples=15, stateful_step_count=6, deadline=None, suppress_health_check=list(HealthCheck),
        database=None))
