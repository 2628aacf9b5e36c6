"""Organisations in the admin: searched in both scripts and by acronym; likely duplicates warned of, never refused."""

import pytest

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.statements.models import Organisation
from bayan.statements.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

INDEX = "/admin/snippets/statements/organisation/"


@pytest.fixture
def editor(client):
    return fully_signed_in(client, member(roles.EDITOR))


@pytest.mark.parametrize("typed", ["CPJ", "لجنة حماية الصحفيين", "protect journalists"])
def test_the_list_finds_an_organisation_by_any_of_its_names(editor, typed):
    make_organisation("Committee to Protect Journalists", "لجنة حماية الصحفيين", short_name_en="CPJ")
    make_organisation("Unrelated Fictional Union")
    page = editor.get(INDEX, {"q": typed}).content.decode()
    assert "Committee to Protect Journalists" in page and "Unrelated Fictional Union" not in page


def test_saving_a_likely_duplicate_warns_and_saves(editor):
    make_organisation("Committee to Protect Journalists", short_name_en="CPJ")
    response = editor.post(INDEX + "add/", {"name_en": "The Committee to Protect Journalists", "kind": "ngo",
                                            "visibility": "public", "aliases": "", "slug": ""}, follow=True)
    assert Organisation.objects.count() == 2
    assert "may already exist as: Committee to Protect Journalists" in response.content.decode()


def test_a_contributor_cannot_open_organisations(client):
    fully_signed_in(client, member(roles.CONTRIBUTOR))
    assert client.get(INDEX).status_code in (302, 403)
