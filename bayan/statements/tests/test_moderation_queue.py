"""The moderation queue: moderators only, pending signatures grouped with matches, decisions per row and in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.statements.models import SubmissionState
from bayan.statements.tests.factories import make_organisation, make_statement, make_submission

pytestmark = pytest.mark.django_db

QUEUE = "/admin/statements/queue/"


@pytest.fixture
def moderator(client):
    return fully_signed_in(client, member(roles.EDITOR))


def test_only_moderators_open_the_queue_or_decide(client):
    # Wagtail answers a refused admin page by sending the user back to the dashboard.
    fully_signed_in(client, member(roles.CONTRIBUTOR))
    submission = make_submission(make_statement(), "Not For Contributors")
    assert client.get(QUEUE).url == "/admin/"
    assert client.post(QUEUE + "decide/", {"bulk": "reject", "ticked": [submission.pk]}).url == "/admin/"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING


def test_pending_signatures_are_shown_with_matches_and_contacts_unconfirmed_only_counted(moderator):
    make_organisation("Committee to Protect Journalists", short_name_en="CPJ")
    statement = make_statement()
    make_submission(statement, "CPJ", contact_email="desk@example.org", comment="Happy to sign")
    make_submission(statement, "Hidden Until Confirmed", state=SubmissionState.UNCONFIRMED)
    page = moderator.get(QUEUE).content.decode()
    assert "desk@example.org" in page and "Happy to sign" in page
    assert "Committee to Protect Journalists" in page and "same name" in page
    assert "Hidden Until Confirmed" not in page
    assert "1 more signature is waiting" in page
    # Each group is headed by its statement's title.
    assert f'<h2 dir="auto">{statement.posts().get().title}</h2>' in page


def test_a_row_merged_into_its_best_match(moderator):
    cpj = make_organisation("Committee to Protect Journalists", short_name_en="CPJ")
    statement = make_statement()
    submission = make_submission(statement, "CPJ")
    moderator.post(QUEUE + "decide/", {"row": f"merge:{submission.pk}", f"merge-{submission.pk}": cpj.pk})
    assert [s.organisation for s in statement.signatories.all()] == [cpj]


def test_ticked_rows_rejected_at_once_and_an_already_listed_one_said(moderator):
    cpj = make_organisation("Committee to Protect Journalists", short_name_en="CPJ")
    statement = make_statement(None, cpj)
    first, second = make_submission(statement, "One"), make_submission(statement, "Two")
    moderator.post(QUEUE + "decide/", {"bulk": "reject", "ticked": [first.pk, second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == SubmissionState.REJECTED
    again = make_submission(statement, "CPJ")
    response = moderator.post(QUEUE + "decide/", {"row": f"merge:{again.pk}", f"merge-{again.pk}": cpj.pk},
                              follow=True)
    assert "already on the list" in response.content.decode()
    assert statement.signatories.count() == 1


def queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_the_queue_reads_no_more_with_more_rows(moderator):
    make_organisation("Committee to Protect Journalists", short_name_en="CPJ")
    statement = make_statement(None, make_organisation())
    make_submission(statement, "CPJ")
    # The first request reads once what later ones find held: the organisation's identity for the
    # content generation, and content types for the process.
    queue_queries(moderator)
    few = queue_queries(moderator)
    other = make_statement(None, make_organisation())
    for number in range(6):
        make_submission(other if number % 2 else statement, f"Fictional Group {number}", country="JO")
    assert queue_queries(moderator) == few


def test_the_menu_says_how_many_signatures_wait(moderator):
    make_submission(make_statement(), "Waiting One")
    make_submission(make_statement(), "Waiting Two")
    assert "Signatures to review (2)" in moderator.get("/admin/").content.decode()
