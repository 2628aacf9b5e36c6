"""The analysis that indexing and querying share: Arabic orthography, light stemming, families and sounds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bayan.search.analysis import AnalysedText, analyse_word, normalise, sound, words


def stem(word):
    return analyse_word(normalise(word))[0]


def family(word):
    return analyse_word(normalise(word))[1]


def test_diacritics_tatweel_and_invisible_marks_are_removed():
    assert normalise("الصَّحَفِيّ") == normalise("الصحفي")
    assert normalise("اعتقـــال") == "اعتقال"
    assert normalise("\u200fاعتقال\u200e") == "اعتقال"


def test_alef_forms_alef_maqsura_taa_marbuta_and_hamza_carriers_are_unified():
    assert normalise("إعلام أطلق آمال ٱلحرية") == "اعلام اطلق امال الحريه"
    assert normalise("على") == normalise("علي")
    assert normalise("صحفية") == normalise("صحفيه")
    assert normalise("مسؤول") == "مسوول"


def test_eastern_arabic_digits_become_ascii():
    assert words("منذ ٢٠١٥ و۲۰۱۶") == ["منذ", "2015", "و2016"]


@pytest.mark.parametrize("form", ["صحفي", "الصحفي", "صحفيين", "الصحفيين", "للصحفيين", "والصحفيين", "بالصحفيين",
                                  "صحفية", "الصحفيات"])
def test_forms_of_journalist_share_a_stem(form):
    assert stem(form) == stem("صحفي")


@pytest.mark.parametrize("form", ["معتقل", "المعتقل", "والمعتقل", "المعتقلين", "معتقلون"])
def test_forms_of_detainee_share_a_stem(form):
    assert stem(form) == stem("معتقل")


@pytest.mark.parametrize("form", ["اعتقال", "الاعتقال", "واعتقال", "معتقل", "المعتقلين", "اعتقل"])
def test_arrest_and_detainee_meet_in_their_family(form):
    assert family(form) == family("اعتقال")


def test_feminine_plural_and_trial_forms():
    assert stem("ناشطات") == stem("ناشطة") == stem("الناشطين") == stem("ناشط")
    assert stem("محاكمات") == stem("المحاكمة") == stem("محاكمة")
    assert family("محكمة") == family("محاكمة")


def test_english_is_case_folded_and_stemmed():
    assert stem("Journalists") == stem("journalist")
    assert stem("detained") == stem("detainees") == stem("detainee")
    assert stem("disappearance") == stem("disappeared")


@pytest.mark.parametrize("spellings", [
    ["Zaitouneh", "Zeitouneh", "Zaytouna", "زيتونة", "زيتونه"],
    ["Darwish", "Darwich", "درويش"],
    ["Mohammed", "Muhammad", "Mohamed", "محمد"],
    ["Hussein", "Husain", "حسين"],
    ["Ghaith", "Ghayth", "غيث"],
])
def test_spellings_of_a_name_sound_alike_in_both_scripts(spellings):
    assert len({sound(normalise(spelling)) for spelling in spellings}) == 1


def test_stop_words_are_not_indexed():
    assert AnalysedText("the release of the journalist").stems == "releas journalist"
    assert AnalysedText("في السجن").stems == stem("السجن")


@given(st.text(max_size=200))
def test_any_text_analyses_to_plain_terms(text):
    analysed = AnalysedText(text)
    for stream in (analysed.stems, analysed.families, analysed.sounds):
        for term in stream.split():
            assert term.isalnum(), term


def test_families_see_through_an_attached_preposition_and_a_verb_ending():
    assert set(family("حرية").split()) <= set(family("لحرية").split())
    assert family("اعتقلت") == family("اعتقال")
    assert family("داهمت") == family("مداهمة")
