"""The sentences that name an anniversary, in English and in Arabic, with their grammar.

"3rd anniversary of the abduction of Razan Zaitouneh" / "الذكرى الثالثة لاختطاف رزان زيتونة";
"10 years since the arrest of ..." / "عشر سنوات على اعتقال ...".

These sentences are composed here rather than translated through the catalogue: Arabic
ordinals agree in gender with ذكرى, counted years change form with the number (سنة،
سنتان، سنوات، سنة), and the event's noun takes the preposition لـ joined to it, which no
single translated string with a number in it can express. Each language has its own
table below; a third language would add its own.

One style per size of number, the same in both languages: an ordinal while a case is
young ("the 3rd anniversary"), and from ten years on the count of years ("10 years
since"), because that is how statements speak of long cases: the length itself is the
message, and "the 17th anniversary" reads as a ceremony rather than as a decade and more
of someone's life.
"""

from dataclasses import dataclass

# From this many years on, a sentence counts years instead of naming an ordinal anniversary.
COUNTED_FROM = 10


class Kind:
    """What is remembered: the event that began a deprivation of liberty or that took a life."""

    ARREST = "arrest"
    DETENTION = "detention"
    ABDUCTION = "abduction"
    DISAPPEARANCE = "disappearance"
    KILLING = "killing"
    EXECUTION = "execution"
    DEATH_IN_CUSTODY = "death_in_custody"
    DEATH_CONFIRMED = "death_confirmed"


# The kind each event type is remembered as. A detention first known from a charge, a
# trial, a sentence or a transfer is remembered as a detention: the deprivation of liberty
# is what the anniversary marks, not the court's step.
KIND_OF_EVENT = {
    "arrested": Kind.ARREST,
    "detained": Kind.DETENTION,
    "charged": Kind.DETENTION,
    "tried": Kind.DETENTION,
    "sentenced": Kind.DETENTION,
    "transferred": Kind.DETENTION,
    "abducted": Kind.ABDUCTION,
    "disappeared": Kind.DISAPPEARANCE,
    "killed": Kind.KILLING,
    "executed": Kind.EXECUTION,
    "died_in_custody": Kind.DEATH_IN_CUSTODY,
    "death_confirmed": Kind.DEATH_CONFIRMED,
}

# "the abduction of {name}": the words before and after the name.
_ENGLISH_EVENTS = {
    Kind.ARREST: ("the arrest of ", ""),
    Kind.DETENTION: ("the detention of ", ""),
    Kind.ABDUCTION: ("the abduction of ", ""),
    Kind.DISAPPEARANCE: ("the disappearance of ", ""),
    Kind.KILLING: ("the killing of ", ""),
    Kind.EXECUTION: ("the execution of ", ""),
    Kind.DEATH_IN_CUSTODY: ("the death in custody of ", ""),
    Kind.DEATH_CONFIRMED: ("the confirmation of the death of ", ""),
}

# The noun in construct with the name (اعتقالُ فلان), and what follows the name.
_ARABIC_EVENTS = {
    Kind.ARREST: ("اعتقال ", ""),
    Kind.DETENTION: ("احتجاز ", ""),
    Kind.ABDUCTION: ("اختطاف ", ""),
    Kind.DISAPPEARANCE: ("إخفاء ", ""),
    Kind.KILLING: ("مقتل ", ""),
    Kind.EXECUTION: ("إعدام ", ""),
    Kind.DEATH_IN_CUSTODY: ("وفاة ", " في الاحتجاز"),
    Kind.DEATH_CONFIRMED: ("تأكيد وفاة ", ""),
}

# Feminine ordinals, to agree with ذكرى: الذكرى الأولى، الحادية عشرة، الحادية والعشرون.
_ARABIC_ORDINAL_UNITS = ["", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة",
                         "الثامنة", "التاسعة"]
# Before عشرة and in compounds with the tens, "first" is الحادية, not الأولى.
_ARABIC_ORDINAL_COMPOUND_UNITS = ["", "الحادية", *_ARABIC_ORDINAL_UNITS[2:]]
_ARABIC_TENS = ["", "", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون", "الثمانون",
                "التسعون"]

# Cardinals counting سنة (feminine), in the nominative: 3 to 10 take the masculine form
# (ثلاث سنوات), 11 to 19 agree in both parts (ثلاث عشرة سنة), and with the tens the unit
# stays feminine-agreeing (إحدى وعشرون، اثنتان وعشرون، ثمانٍ وعشرون).
_ARABIC_YEARS_3_TO_10 = ["", "", "", "ثلاث سنوات", "أربع سنوات", "خمس سنوات", "ست سنوات", "سبع سنوات",
                         "ثماني سنوات", "تسع سنوات", "عشر سنوات"]
_ARABIC_TEEN_UNITS = ["", "إحدى", "اثنتا", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع"]
_ARABIC_COMPOUND_UNITS = ["", "إحدى", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"]
_ARABIC_CARDINAL_TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]


def english_ordinal(number):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd, 101st, 111th."""
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def english_years(number):
    """"1 year", "10 years"."""
    return f"{number} year" if number == 1 else f"{number} years"


def arabic_ordinal(number):
    """The feminine definite ordinal agreeing with ذكرى: الأولى ... العاشرة، الحادية عشرة ... العشرون ...

    Written in words up to the 99th; beyond, the number in figures (الذكرى 120).
    """
    if not 1 <= number <= 99:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _ARABIC_ORDINAL_UNITS[units]
    if number == 10:
        return "العاشرة"
    if tens == 1:
        return f"{_ARABIC_ORDINAL_COMPOUND_UNITS[units]} عشرة"
    if units == 0:
        return _ARABIC_TENS[tens]
    return f"{_ARABIC_ORDINAL_COMPOUND_UNITS[units]} و{_ARABIC_TENS[tens]}"


def arabic_years(number):
    """A count of years with the noun in the form the number calls for: سنة، سنتان، ثلاث سنوات، إحدى عشرة سنة ...

    Written in words up to 99; beyond, the number in figures followed by سنة, as for 11 and more.
    """
    if number == 1:
        return "سنة"
    if number == 2:
        return "سنتان"
    if 3 <= number <= 10:
        return _ARABIC_YEARS_3_TO_10[number]
    if not 11 <= number <= 99:
        return f"{number} سنة"
    tens, units = divmod(number, 10)
    if tens == 1:
        return f"{_ARABIC_TEEN_UNITS[units]} عشرة سنة"
    if units == 0:
        return f"{_ARABIC_CARDINAL_TENS[tens]} سنة"
    return f"{_ARABIC_COMPOUND_UNITS[units]} و{_ARABIC_CARDINAL_TENS[tens]} سنة"


@dataclass(frozen=True)
class Sentence:
    """A sentence around a person's name: the page puts the name between, marked up as it likes."""

    before: str
    after: str

    def with_name(self, name):
        """The sentence as plain text, with ``name`` in its place (for the calendar and tests)."""
        return f"{self.before}{name}{self.after}"


def anniversary_sentence(language, kind, nth):
    """The sentence for the ``nth`` anniversary of an event of ``kind``, in ``language`` (Arabic or English)."""
    counted = nth >= COUNTED_FROM
    if language == "ar":
        noun, after = _ARABIC_EVENTS[kind]
        if counted:
            return Sentence(f"{arabic_years(nth)} على {noun}", after)
        return Sentence(f"الذكرى {arabic_ordinal(nth)} ل{noun}", after)
    noun, after = _ENGLISH_EVENTS[kind]
    if counted:
        return Sentence(f"{english_years(nth)} since {noun}", after)
    return Sentence(f"{english_ordinal(nth)} anniversary of {noun}", after)


def series_sentence(language, kind):
    """The anniversary without its number, for a calendar's yearly event: "Anniversary of the arrest of ..."."""
    if language == "ar":
        noun, after = _ARABIC_EVENTS[kind]
        return Sentence(f"ذكرى {noun}", after)
    noun, after = _ENGLISH_EVENTS[kind]
    return Sentence(f"Anniversary of {noun}", after)
