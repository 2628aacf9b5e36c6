"""Persons in the site search: public persons only, found by their names across spellings and scripts."""

import pytest

from bayan.cases.models import Visibility
from bayan.cases.person_search import persons_section
from bayan.cases.tests.factories import make_event, make_person
from bayan.newsroom.tests.factories import make_post
from bayan.search.models import SearchEquivalent
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def razan():
    person = make_person("Razan Zaitouneh", "رزان زيتونة", aliases="Razan Zeitouneh")
    make_event("abducted", "2013-12-09", person)
    return person


def titles(query, language="en"):
    section = persons_section(query, language)
    return [result.title for result in section.results] if section else []


@pytest.mark.parametrize("query", ["زيتونه", "Zeitouneh", "Zaytouna", "zaitouneh", "لرزان زيتونه", "Razan Zaitouneh"])
def test_a_person_is_found_by_any_spelling_of_their_name(razan, query):
    assert titles(query) == ["Razan Zaitouneh"]


def test_words_that_are_no_one_s_name_do_not_hide_the_person(razan):
    make_person("Razan Haddad", "رزان حداد")
    assert titles("Razan Zaitouneh detention") == ["Razan Zaitouneh"]
    assert titles("Razan") == ["Razan Haddad", "Razan Zaitouneh"]
    assert titles("detention") == []


def test_an_editors_equivalent_finds_the_person(razan):
    SearchEquivalent.objects.create(label="Zaitouneh", words="Zaitouneh\nZitoona")
    assert titles("Zitoona") == ["Razan Zaitouneh"]


def test_exact_names_come_before_names_that_only_sound_alike(razan):
    make_person("Lina Zaytoun", "لينا زيتون")
    assert titles("Zaytoun") == ["Lina Zaytoun", "Razan Zaitouneh"]


def test_an_arabic_page_names_the_person_in_arabic_with_the_status(razan):
    result = persons_section("Zaitouneh", "ar").results[0]
    assert (result.title, result.language, result.url) == ("رزان زيتونة", "ar", f"/ar/person/{razan.slug}/")
    assert "Razan Zaitouneh" in result.detail


def test_an_internal_person_is_never_found(razan):
    make_person("Hidden Witness", "شاهد مخفي", visibility=Visibility.INTERNAL)
    assert titles("Hidden Witness") == titles("شاهد مخفي") == []


def test_the_search_page_lists_persons_above_the_posts(client, razan):
    with as_committed():  # posts are indexed when their transaction commits
        make_post(title="Ten years without Razan Zaitouneh")
    page = client.get("/en/search/?q=Zaitouneh").content.decode()
    assert page.index(f'href="/en/person/{razan.slug}/"') < page.index("Ten years without")
    assert 'id="search-section-persons"' in page


def test_a_search_for_an_internal_person_s_name_is_the_page_for_a_name_no_one_has(client, razan):
    nobody = client.get("/en/search/?q=Hidden+Witness").content
    make_person("Hidden Witness", "شاهد مخفي", visibility=Visibility.INTERNAL)
    assert client.get("/en/search/?q=Hidden+Witness").content == nobody


def test_the_persons_section_is_on_the_first_page_only(client, razan):
    assert "search-section-persons" not in client.get("/en/search/?q=Zaitouneh&page=2").content.decode()
