"""Sorting names as readers of each language expect: case ignored, Arabic by its alphabet.

A database's ``ORDER BY name`` compares code points: "Zeta" before "alpha", "Émile"
after "zebra", and Arabic in Unicode's order, where أ, إ and آ land apart from ا and
a Persian گ after every Arabic letter. ``sort_key`` compares in three levels, like the
Unicode collation algorithm: first the letters (case, accents, the hamza and madda of
alef, tashkeel and tatweel ignored), then accents and letter variants, then case
(lower case first). Latin names come before Arabic ones in English and after them in
Arabic, as CLDR orders the scripts for each language.
"""

import functools
import unicodedata

# The Arabic alphabet in dictionary (hijāʾī) order, with the letters Persian and Urdu add
# placed after the Arabic letter they are written from.
_ALPHABET = "ءابپتٹثجچحخدڈذرڑزژسشصضطظعغفڤقكگلمنںهوي"
# Letters that sort as another one at the first level and after it at the second.
_VARIANTS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ے": "ي",
    "ة": "ه", "ھ": "ه", "ہ": "ه", "ۃ": "ه",
    "ک": "ك",
}
_ARABIC_WEIGHTS = {letter: weight for weight, letter in enumerate(_ALPHABET)}
_VARIANT_RANKS = {letter: rank for rank, letter in enumerate(_VARIANTS, start=1)}
_TATWEEL = "\u0640"

_OTHER, _DIGIT, _LATIN, _ARABIC = range(4)
_SCRIPTS_FIRST = {"ar": (_ARABIC, _LATIN)}
_DEFAULT_SCRIPTS = (_LATIN, _ARABIC)


def _ignored(character):
    """Tashkeel, tatweel and the accents of Latin letters weigh nothing at the first level."""
    return character == _TATWEEL or unicodedata.combining(character) != 0


def _weights(character, script_rank):
    """The first-level weight and second-level variant of one decomposed, case-folded character."""
    base = _VARIANTS.get(character, character)
    variant = _VARIANT_RANKS.get(character, 0)
    if base in _ARABIC_WEIGHTS:
        return (script_rank[_ARABIC], _ARABIC_WEIGHTS[base]), variant
    if character.isdigit():
        return (_DIGIT, unicodedata.digit(character, 0)), 0
    if character.isalpha():
        return (script_rank.get(_LATIN, _LATIN), ord(character)), 0
    # Spaces and punctuation sort before everything, so "human rights" precedes "humanitarian".
    return (_OTHER, ord(character)), 0


@functools.lru_cache(maxsize=4096)
def sort_key(text, language="en"):
    """A key that sorts ``text`` among other names the way readers of ``language`` expect.

    Remembered: the tag index sorts the same few hundred names on every request, and working
    out their keys was most of its time.
    """
    order = _SCRIPTS_FIRST.get(language, _DEFAULT_SCRIPTS)
    script_rank = {script: _LATIN + rank for rank, script in enumerate(order)}
    # Accented Latin letters split into letter and accent; Arabic letters with hamza or madda
    # would split too (أ = ا + hamza above) but stay whole: they are variants of their own.
    decomposed = "".join(
        character if character in _VARIANTS else unicodedata.normalize("NFD", character)
        for character in text.casefold()
    )
    primary, secondary = [], []
    for character in decomposed:
        if _ignored(character):
            secondary.append(ord(character))
            continue
        weight, variant = _weights(character, script_rank)
        primary.append(weight)
        secondary.append(variant)
    tertiary = text.swapcase()
    return tuple(primary), tuple(secondary), tertiary


def sorted_by_name(rows, language, name=lambda row: row["name"]):
    """``rows`` sorted by ``name(row)`` in ``language``'s collation."""
    return sorted(rows, key=lambda row: sort_key(name(row), language))
