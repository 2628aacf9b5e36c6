"""Who may keep joint statements: editors and administrators; contributors and case officers may not."""

import pytest

from bayan.accounts import roles
from bayan.accounts.tests.factories import member

pytestmark = pytest.mark.django_db

KEEPING = ["statements.add_organisation", "statements.change_organisation", "statements.change_statement",
           "statements.add_signatory", "statements.delete_signatory", "statements.add_signonlink",
           "statements.moderate_submission"]


@pytest.mark.parametrize("role", [roles.EDITOR, roles.ADMINISTRATOR])
def test_editors_and_administrators_keep_statements_and_moderate(role):
    user = member(role)
    assert all(user.has_perm(permission) for permission in KEEPING)


@pytest.mark.parametrize("role", [roles.CONTRIBUTOR, roles.CASE_OFFICER])
def test_contributors_and_case_officers_get_nothing_of_statements(role):
    user = member(role)
    assert not any(user.has_perm(permission) for permission in KEEPING)
    assert not user.has_perm("statements.view_submission")
