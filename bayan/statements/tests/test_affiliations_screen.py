"""Proposed affiliations confirmed or refused by an editor, one by one or ticked, and shown where readers look."""

import pytest
from wagtail.models import ModelLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import Visibility
from bayan.cases.tests.factories import make_person
from bayan.statements import affiliations
from bayan.statements.models import AffiliationMatch, ProposalState
from bayan.statements.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

SCREEN, DECIDE = "/admin/statements/affiliations/", "/admin/statements/affiliations/decide/"


@pytest.fixture
def editor(client):
    return fully_signed_in(client, member(roles.EDITOR))


def proposal_for(person):
    return AffiliationMatch.objects.get(person=person)


def test_the_screen_shows_the_affiliation_as_written_and_the_organisation(editor):
    make_organisation("Levant Press Freedom Observatory", "مرصد المشرق لحرية الصحافة")
    make_person("Rana Example", affiliation="مرصد المشرق لحرية الصحافة")
    page = editor.get(SCREEN).content.decode()
    assert "Rana Example" in page and "Levant Press Freedom Observatory" in page
    assert "مرصد المشرق لحرية الصحافة" in page


def test_a_confirmed_affiliation_lists_the_public_person_on_the_organisations_page(editor, client):
    organisation = make_organisation("Levant Press Freedom Observatory")
    public = make_person("Rana Example", affiliation="Levant Press Freedom Observatory")
    internal = make_person("Hidden Example", affiliation="Levant Press Freedom Observatory",
                           visibility=Visibility.INTERNAL)
    editor.post(DECIDE, {"bulk": "confirm", "ticked": [proposal_for(public).pk, proposal_for(internal).pk]})
    assert {match.state for match in AffiliationMatch.objects.all()} == {ProposalState.ACCEPTED}
    assert ModelLogEntry.objects.filter(action=affiliations.CONFIRMED).count() == 2
    page = client.get(f"/en/organisation/{organisation.slug}/").content.decode()
    assert "Rana Example" in page and "Hidden Example" not in page


def test_a_refused_affiliation_is_not_shown_and_not_proposed_again(editor, client):
    organisation = make_organisation("Atlas Legal Aid Centre")
    person = make_person("Omar Example", affiliation="Atlas Legal Aid Centre")
    editor.post(DECIDE, {"row": f"refuse:{proposal_for(person).pk}"})
    assert affiliations.propose_all() == 0
    assert proposal_for(person).state == ProposalState.REJECTED
    assert "Omar Example" not in client.get(f"/en/organisation/{organisation.slug}/").content.decode()
    assert "No affiliation is waiting" in editor.get(SCREEN).content.decode()


def test_a_decision_is_not_changed_by_a_second_one(editor):
    make_organisation("Atlas Legal Aid Centre")
    person = make_person("Omar Example", affiliation="Atlas Legal Aid Centre")
    editor.post(DECIDE, {"row": f"refuse:{proposal_for(person).pk}"})
    editor.post(DECIDE, {"row": f"confirm:{proposal_for(person).pk}"})
    assert proposal_for(person).state == ProposalState.REJECTED


def test_nothing_ticked_says_so_and_case_officers_are_sent_away(editor, client):
    response = editor.post(DECIDE, {"bulk": "confirm"}, follow=True)
    assert "Nothing was decided" in response.content.decode()
    client.logout()
    fully_signed_in(client, member(roles.CASE_OFFICER))
    assert client.get(SCREEN).status_code in (302, 403)
