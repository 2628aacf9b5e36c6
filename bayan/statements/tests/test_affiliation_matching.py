"""Persons' free-text affiliations proposed as organisations, in both scripts, never overriding an editor."""

from io import StringIO

import pytest
from django.core.management import call_command

from bayan.cases.tests.factories import make_person
from bayan.statements.affiliations import propose_all
from bayan.statements.models import AffiliationMatch, ProposalState
from bayan.statements.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def proposed():
    return {(match.person.name_en, match.organisation.name_en)
            for match in AffiliationMatch.objects.filter(state=ProposalState.PROPOSED)}


def test_saving_a_person_proposes_the_organisation_its_affiliation_names_in_either_script():
    make_organisation("Levant Press Freedom Observatory", "مرصد المشرق لحرية الصحافة")
    make_person("Rana Example", affiliation="مرصد المشرق لحرية الصحافة")
    make_person("Omar Example", affiliation="levant press freedom observatory")
    make_person("Hala Example", affiliation="Freelance")
    assert proposed() == {("Rana Example", "Levant Press Freedom Observatory"),
                          ("Omar Example", "Levant Press Freedom Observatory")}


def test_saving_an_organisation_proposes_it_for_persons_already_recorded():
    make_person("Rana Example", affiliation="Atlas Legal Aid Centre")
    assert proposed() == set()
    make_organisation("Atlas Legal Aid Centre", "مركز الأطلس للمساعدة القانونية")
    assert proposed() == {("Rana Example", "Atlas Legal Aid Centre")}


def test_a_rejected_match_stays_rejected_and_a_full_run_adds_nothing_twice():
    make_organisation("Atlas Legal Aid Centre")
    person = make_person("Rana Example", affiliation="Atlas Legal Aid Centre")
    AffiliationMatch.objects.filter(person=person).update(state=ProposalState.REJECTED)
    person.save()
    assert propose_all() == 0
    assert AffiliationMatch.objects.get(person=person).state == ProposalState.REJECTED


def test_the_command_proposes_affiliations_on_request():
    person = make_person("Rana Example", affiliation="Atlas Legal Aid Centre")
    make_organisation("Atlas Legal Aid Centre")
    AffiliationMatch.objects.all().delete()
    out = StringIO()
    call_command("statements_detect", "--affiliations", stdout=out)
    assert "1 new affiliations" in out.getvalue()
    assert AffiliationMatch.objects.get().person == person
