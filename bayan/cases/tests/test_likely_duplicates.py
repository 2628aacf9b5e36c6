"""A person saved under the same or a close name as another is flagged, in either script; others are not."""

import pytest
from django.urls import reverse

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.duplicates import likely_duplicates

from .factories import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name_en, name_ar, aliases", [
    ("Razan Zaitouneh", "", ""),
    ("", "رزان زيتونه", ""),
    ("", "", "R. Zeitouneh\nرزان زيتونة"),
    ("Razan Ahmad Zaitouneh", "", ""),
])
def test_close_spellings_in_either_script_are_flagged(name_en, name_ar, aliases):
    recorded = make_person("Razan Zeitouneh", "رزان زيتونة")
    newcomer = make_person(name_en, name_ar, aliases=aliases)
    assert likely_duplicates(newcomer) == [recorded]


@pytest.mark.parametrize("name_en, name_ar", [
    ("Nazem Hammadi", "ناظم حمادي"),
    ("Razan Khalil", ""),
    ("Samira Zaitouneh", "سميرة زيتونة"),
])
def test_different_people_are_not_flagged(name_en, name_ar):
    make_person("Razan Zeitouneh", "رزان زيتونة", aliases="Razan")
    assert likely_duplicates(make_person(name_en, name_ar)) == []


def test_a_shared_first_name_alone_is_not_a_duplicate():
    make_person("Omar Darwish", aliases="Omar")
    assert likely_duplicates(make_person("Omar Haddad", aliases="Omar")) == []


def test_saving_a_likely_duplicate_in_the_admin_warns_and_still_saves(client):
    make_person("Mazen Darwish", "مازن درويش")
    fully_signed_in(client, member(roles.CASE_OFFICER))
    response = client.post(reverse("wagtailsnippets_cases_person:add"), {
        "name_en": "Mazen Darwich", "name_ar": "", "aliases": "", "gender": "", "visibility": "public",
        "affiliation": "", "bio_en": "", "bio_ar": "", "slug": "", "record_id": ""}, follow=True)
    page = response.content.decode()
    assert "may be the same person" in page
    assert "Mazen Darwish" in page
    assert response.redirect_chain[-1][1] == 302


def test_saving_a_person_with_a_new_name_gives_no_warning(client):
    make_person("Mazen Darwish", "مازن درويش")
    fully_signed_in(client, member(roles.CASE_OFFICER))
    response = client.post(reverse("wagtailsnippets_cases_person:add"), {
        "name_en": "Hiba Mansour", "name_ar": "هبة منصور", "aliases": "", "gender": "", "visibility": "public",
        "affiliation": "", "bio_en": "", "bio_ar": "", "slug": "", "record_id": ""}, follow=True)
    assert "may be the same person" not in response.content.decode()
