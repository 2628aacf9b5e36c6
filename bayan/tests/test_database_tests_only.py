"""The PostgreSQL run leaves out only the tests that cannot reach a database (conftest.py, ``--database-tests-only``).

Each test here asks ``reaches_a_database`` about itself, as the option's filter does at collection.
"""

import pytest
from django.test import SimpleTestCase, TestCase

from conftest import reaches_a_database


def test_a_test_with_no_database_is_left_out(request):
    assert not reaches_a_database(request.node)


@pytest.mark.django_db
def test_a_test_marked_for_the_database_is_kept(request):
    assert reaches_a_database(request.node)


def test_a_test_asking_for_the_database_through_a_fixture_is_kept(request, admin_user):
    assert reaches_a_database(request.node)


@pytest.mark.postgres
def test_a_test_marked_for_postgresql_is_kept(request):
    assert reaches_a_database(request.node)


class DjangoDatabaseTestCase(TestCase):
    def test_a_django_database_test_case_is_kept(self):
        assert reaches_a_database(self._pytest_item)

    @pytest.fixture(autouse=True)
    def _item(self, request):
        self._pytest_item = request.node


class DjangoSimpleTestCase(SimpleTestCase):
    def test_a_django_test_case_without_a_database_is_left_out(self):
        assert not reaches_a_database(self._pytest_item)

    @pytest.fixture(autouse=True)
    def _item(self, request):
        self._pytest_item = request.node
