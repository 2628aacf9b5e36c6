"""The analysis that indexing and querying share: Arabic orthography, light stemming, forms, families and sounds."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bayan.search.analysis import FORM_MARK, AnalysedText, analyse_word, normalise, sound, words


def stem(word):
    return analyse_word(normalise(word))[0]


def exact_terms(word):
    """Every term a word is found under as itself: its stem and its other forms."""
    word_stem, forms, _close = analyse_word(normalise(word))
    return {word_stem, *forms}


def meet(word, other):
    """Whether a search for one word finds the other as an exact match."""
    return bool(exact_terms(word) & exact_terms(other))


def family(word):
    """The Arabic root families among a word's close terms."""
    return {term for term in analyse_word(normalise(word))[2] if not term.isascii()}


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


@pytest.mark.parametrize("form", ["اعتقال", "الاعتقال", "واعتقال", "معتقل", "المعتقلين", "اعتقل", "واعتقلت",
                                  "يعتقل", "معتقلي", "اعتقالات", "باعتقال"])
def test_the_forms_of_a_derived_verb_meet_exactly(form):
    assert meet(form, "اعتقال")


@pytest.mark.parametrize("words", [
    ["اختفاء", "الاختفاء", "اختفى", "مختفي", "المختفين", "لاختفاء"],
    ["استخدام", "استخدمت", "مستخدم", "يستخدم"],
    ["انسحاب", "انسحبت", "منسحب", "ينسحب"],
    ["اضطهاد", "مضطهد"],
])
def test_forms_of_other_derived_verbs_meet_exactly(words):
    assert all(meet(word, other) for word, other in itertools.combinations(words, 2))


def test_feminine_plural_and_trial_forms():
    assert stem("ناشطات") == stem("ناشطة") == stem("الناشطين") == stem("ناشط")
    assert stem("محاكمات") == stem("المحاكمة") == stem("محاكمة")
    # Court and trial share a root family, a close term; they are different words.
    assert family("محكمة") == family("محاكمة")
    assert not meet("محكمة", "محاكمة")


@pytest.mark.parametrize("words", [
    ["جمعية", "جميع", "جامعة", "جمع"],
    ["صحيفة", "صحفي"],
    ["الدولة", "الدولي"],
    ["حماية", "المحامي"],
    ["حماية", "المحامين"],
    ["سلمية", "السلامة"],
    ["الحكومة", "الحكم", "محكمة"],
    ["سجين", "السجن"],
    ["كتاب", "مكتب"],
    ["التعليم", "معلومات"],
    ["الجامعات", "جمعيات"],
])
def test_words_sharing_a_root_or_letters_stay_apart(words):
    for word, other in itertools.combinations(words, 2):
        assert not meet(word, other), (word, other)


def test_words_sharing_a_root_are_close():
    assert family("جمعية") == family("جميع") == family("جامعة") == family("جمع")


def test_an_abstract_noun_in_ية_keeps_its_ي():
    assert stem("جمعية") == stem("الجمعيات") == stem("جمعيتها") == "جمعي"
    assert stem("حرية") == stem("الحرية") == stem("حريتها") == stem("الحريات")
    assert stem("صحفي") == stem("الصحفيين") == stem("صحفيون") == stem("صحفيا") == stem("الصحفيات")


@pytest.mark.parametrize("word, not_this", [("زيتون", "زيت"), ("عشرين", "عشر"), ("لبنان", "لبن"), ("الإنسان", "انس")])
def test_a_plural_ending_is_taken_off_only_if_four_letters_stay(word, not_this):
    assert stem(word) != not_this


def test_a_weak_noun_meets_its_plural():
    assert meet("المحامين", "المحامي")
    assert meet("المحامون", "المحامية")


def test_an_attached_preposition_is_seen_through_where_it_can_be_told():
    assert meet("لحرية", "حرية")
    assert meet("بإطلاق", "إطلاق")
    # بطاقة (card) is not ب + طاقة (energy), nor كاملة (complete) ك + أملة.
    assert not meet("بطاقة", "طاقة")
    assert not meet("كاملة", "أمل")


def test_a_derived_verbs_letters_never_equal_a_stem():
    forms = [form for word in ("اعتقال", "انسحاب", "استخدام") for form in analyse_word(normalise(word))[1]]
    assert forms and all(form.startswith(FORM_MARK) for form in forms)
    assert FORM_MARK not in normalise("ىعتقل مستشفى")


def test_english_words_sharing_a_stem_by_accident_stay_apart():
    assert not meet("executive", "executions")
    assert meet("executed", "executions")


def test_english_is_case_folded_and_stemmed():
    assert stem("Journalists") == stem("journalist")
    assert stem("detained") == stem("detainees") == stem("detainee")
    assert stem("executed") == stem("execution")
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
    for stream in (analysed.stems, analysed.forms, analysed.close):
        for term in stream.split():
            assert term.isalnum(), term


def test_families_see_through_an_attached_preposition_and_a_verb_ending():
    assert family("حرية") <= family("لحرية")
    assert family("اعتقلت") == family("اعتقال")
    assert family("داهمت") == family("مداهمة")
