"""A typed organisation name is matched to existing organisations in either script, best first."""

import pytest

from bayan.statements.matching import CLOSE, SAME, SIMILAR, grade, matches, name_key

from .factories import make_organisation

pytestmark = pytest.mark.django_db


def test_filler_words_and_the_arabic_article_do_not_count():
    assert name_key("The Committee for the Protection of Journalists") == name_key(
        "Committee Protection of Journalists")
    assert name_key("لجنة حماية الصحفيين") == name_key("لجنة حماية صحفيين")


@pytest.mark.parametrize(("typed", "expected"), [
    ("Committee to Protect Journalists", SAME),
    ("committee to protect journalists", SAME),
    ("CPJ", SAME),
    ("لجنة حماية الصحفيين", SAME),
    ("لجنه حمايه الصحفيين", SAME),  # ة typed as ه
    ("Comittee to Protect Journalist", None),  # two misspelt words of four: not close enough alone
])
def test_a_name_short_name_or_alias_matches_in_either_script(typed, expected):
    organisation = make_organisation("Committee to Protect Journalists", "لجنة حماية الصحفيين",
                                     short_name_en="CPJ")
    found = matches(typed, [organisation])
    assert (found[0].grade if found else None) == expected


def test_spellings_that_sound_alike_are_close():
    assert grade(name_key("Reporters Sans Frontieres"), name_key("Reporters sans frontières")) == SAME
    assert grade(name_key("Zaitouna Centre for Media"), name_key("Zeitouneh Center for Media")) == CLOSE


def test_a_name_sharing_most_words_is_similar_and_a_single_shared_word_is_nothing():
    assert grade(name_key("Syrian Centre for Media and Freedom of Expression"),
                 name_key("Syrian Center for Media Freedom")) == SIMILAR
    assert grade(name_key("Syrian Network"), name_key("Syrian League")) is None


def test_matches_are_ranked_best_first_and_limited():
    exact = make_organisation("Gulf Press Watch")
    close = make_organisation("Gulf Pres Wach")
    make_organisation("Unrelated Union of Writers")
    found = matches("Gulf Press Watch", [close, exact], limit=1)
    assert [match.organisation for match in found] == [exact]
