"""Anniversaries are named in the reader's language, with correct ordinals and Arabic number agreement."""

import pytest

from bayan.cases.wording import (
    Kind,
    anniversary_sentence,
    arabic_ordinal,
    arabic_years,
    english_ordinal,
    series_sentence,
)

# Written out by hand: the feminine ordinal agreeing with ذكرى, and the count of years in the
# nominative (سنة، سنتان؛ 3–10 the masculine number with سنوات؛ 11 and more the singular سنة).
ARABIC = {
    1: ("الأولى", "سنة"),
    2: ("الثانية", "سنتان"),
    3: ("الثالثة", "ثلاث سنوات"),
    4: ("الرابعة", "أربع سنوات"),
    5: ("الخامسة", "خمس سنوات"),
    6: ("السادسة", "ست سنوات"),
    7: ("السابعة", "سبع سنوات"),
    8: ("الثامنة", "ثماني سنوات"),
    9: ("التاسعة", "تسع سنوات"),
    10: ("العاشرة", "عشر سنوات"),
    11: ("الحادية عشرة", "إحدى عشرة سنة"),
    12: ("الثانية عشرة", "اثنتا عشرة سنة"),
    13: ("الثالثة عشرة", "ثلاث عشرة سنة"),
    14: ("الرابعة عشرة", "أربع عشرة سنة"),
    15: ("الخامسة عشرة", "خمس عشرة سنة"),
    16: ("السادسة عشرة", "ست عشرة سنة"),
    17: ("السابعة عشرة", "سبع عشرة سنة"),
    18: ("الثامنة عشرة", "ثماني عشرة سنة"),
    19: ("التاسعة عشرة", "تسع عشرة سنة"),
    20: ("العشرون", "عشرون سنة"),
    21: ("الحادية والعشرون", "إحدى وعشرون سنة"),
    22: ("الثانية والعشرون", "اثنتان وعشرون سنة"),
    23: ("الثالثة والعشرون", "ثلاث وعشرون سنة"),
    24: ("الرابعة والعشرون", "أربع وعشرون سنة"),
    25: ("الخامسة والعشرون", "خمس وعشرون سنة"),
    26: ("السادسة والعشرون", "ست وعشرون سنة"),
    27: ("السابعة والعشرون", "سبع وعشرون سنة"),
    28: ("الثامنة والعشرون", "ثمان وعشرون سنة"),
    29: ("التاسعة والعشرون", "تسع وعشرون سنة"),
    30: ("الثلاثون", "ثلاثون سنة"),
}


@pytest.mark.parametrize("number", sorted(ARABIC))
def test_arabic_ordinals_agree_with_the_feminine_anniversary(number):
    assert arabic_ordinal(number) == ARABIC[number][0]


@pytest.mark.parametrize("number", sorted(ARABIC))
def test_arabic_counts_of_years_take_the_form_their_number_calls_for(number):
    assert arabic_years(number) == ARABIC[number][1]


def test_arabic_beyond_the_written_numbers_falls_back_to_figures():
    assert arabic_ordinal(45) == "الخامسة والأربعون"
    assert arabic_ordinal(120) == "120"
    assert arabic_years(99) == "تسع وتسعون سنة"
    assert arabic_years(120) == "120 سنة"


@pytest.mark.parametrize("number, ordinal", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (9, "9th"), (10, "10th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (24, "24th"), (101, "101st"), (111, "111th"),
    (112, "112th"),
])
def test_english_ordinals(number, ordinal):
    assert english_ordinal(number) == ordinal


@pytest.mark.parametrize("language, kind, nth, sentence", [
    ("en", Kind.ABDUCTION, 3, "3rd anniversary of the abduction of Razan Zaitouneh"),
    ("en", Kind.ARREST, 1, "1st anniversary of the arrest of Razan Zaitouneh"),
    ("en", Kind.ARREST, 10, "10 years since the arrest of Razan Zaitouneh"),
    ("en", Kind.DEATH_IN_CUSTODY, 12, "12 years since the death in custody of Razan Zaitouneh"),
    ("en", Kind.DEATH_CONFIRMED, 2, "2nd anniversary of the confirmation of the death of Razan Zaitouneh"),
    ("ar", Kind.ABDUCTION, 3, "الذكرى الثالثة لاختطاف رزان زيتونة"),
    ("ar", Kind.ARREST, 1, "الذكرى الأولى لاعتقال رزان زيتونة"),
    ("ar", Kind.DISAPPEARANCE, 9, "الذكرى التاسعة لإخفاء رزان زيتونة"),
    ("ar", Kind.DETENTION, 2, "الذكرى الثانية لاحتجاز رزان زيتونة"),
    ("ar", Kind.KILLING, 5, "الذكرى الخامسة لمقتل رزان زيتونة"),
    ("ar", Kind.EXECUTION, 4, "الذكرى الرابعة لإعدام رزان زيتونة"),
    ("ar", Kind.DEATH_IN_CUSTODY, 6, "الذكرى السادسة لوفاة رزان زيتونة في الاحتجاز"),
    ("ar", Kind.DEATH_CONFIRMED, 7, "الذكرى السابعة لتأكيد وفاة رزان زيتونة"),
    ("ar", Kind.ARREST, 10, "عشر سنوات على اعتقال رزان زيتونة"),
    ("ar", Kind.ABDUCTION, 11, "إحدى عشرة سنة على اختطاف رزان زيتونة"),
    ("ar", Kind.DEATH_IN_CUSTODY, 21, "إحدى وعشرون سنة على وفاة رزان زيتونة في الاحتجاز"),
])
def test_the_sentence_names_the_anniversary_around_the_person(language, kind, nth, sentence):
    name = "رزان زيتونة" if language == "ar" else "Razan Zaitouneh"
    assert anniversary_sentence(language, kind, nth).with_name(name) == sentence


def test_every_kind_has_a_sentence_in_both_languages():
    kinds = [value for name, value in vars(Kind).items() if name.isupper()]
    for language in ("en", "ar"):
        for kind in kinds:
            for nth in (1, 10):
                assert anniversary_sentence(language, kind, nth).before


def test_a_calendar_series_is_named_without_its_number():
    assert series_sentence("en", Kind.ARREST).with_name("Bassel Safadi") == "Anniversary of the arrest of Bassel Safadi"
    assert series_sentence("ar", Kind.EXECUTION).with_name("باسل الصفدي") == "ذكرى إعدام باسل الصفدي"
