"""Text analysis shared by indexing and querying: the same words always become the same terms.

Every word yields up to three kinds of term, kept apart in the index:

``stem``
    Arabic: orthography unified (diacritics, tatweel, alef and hamza forms, alef
    maqsura, taa marbuta, Eastern digits), then a light stemmer removes the
    conjunction, article and attached prepositions in front and plural, dual,
    feminine and pronoun endings behind. English: case folded, Snowball stem.
    Stems are what a search matches first and ranks highest.
``family``
    Arabic only: the stem with derivational letters (a leading م, ا, ت or است)
    and long vowels taken out, so that اعتقال, معتقل and اعتقل meet as عتقل.
    Coarser than a stem; it ranks below it.
``sound``
    A consonant skeleton in Latin letters, for both scripts: vowels, w and y
    inside a word dropped, sh/ch/ش as x, q/ق as k, ض as d, and so on. It lets
    Zaitouneh, Zeitouneh, Zaytouna and زيتونة meet as ``ztn``. It is used only
    when the exact search finds little (see ``bayan.search.searching``).
"""

import functools
import re
import unicodedata

import snowballstemmer

# Harakat, tanwin, shadda, sukun, dagger alef, Quranic annotation marks and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Direction marks and joiners that readers paste in without seeing them.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ء": None,
    "ک": "ك", "ی": "ي", "ڤ": "ف", "گ": "ك", "پ": "ب", "چ": "ج",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
})
_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile("[\u0621-\u064a]")

# Longest first, so that وال is taken before و.
_ARABIC_ARTICLES = ("وبال", "وكال", "وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = ("تها", "تهم", "ات", "ون", "ين", "ان", "وا", "ها", "هم", "هن", "يه", "ه", "ي", "ا")

ARABIC_STOP_WORDS = frozenset(
    normalised
    for normalised in (
        "في من الى إلى عن ان أن إن مع هذا هذه ذلك تلك التي الذي الذين و او أو ثم قد لقد كان كانت"
        " بين بعد قبل حتى عند كل ما لا لم لن هو هي هم نحن انه أنه انها أنها منذ حول خلال ضد لدى اي أي"
    ).translate(_ARABIC_LETTERS).split()
)
ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their this to was were"
    " which with will not no but into also than al el".split()
)

_english = snowballstemmer.stemmer("english")

# Consonant skeletons: Arabic letters and Latin digraphs to one Latin letter each.
_ARABIC_SOUNDS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "x", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "j", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ا": "a",
}
_LATIN_DIGRAPHS = (("sch", "x"), ("sh", "x"), ("ch", "x"), ("kh", "k"), ("gh", "j"), ("th", "t"), ("dh", "d"),
                   ("ph", "f"), ("ou", "u"), ("ck", "k"))
_LATIN_SOUNDS = str.maketrans({"c": "k", "q": "k", "g": "j", "v": "f", "p": "b", "e": "a", "i": "a", "o": "a",
                               "u": "a"})
_VOWELS = "a"


def normalise(text):
    """Unify spellings that readers treat as the same: case, Arabic orthography, digits, invisible marks."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_LETTERS).casefold()


def words(text):
    """The normalised words of a text, in order (stop words included)."""
    return _WORD.findall(normalise(text))


def is_arabic(word):
    return bool(_ARABIC.search(word))


STOP_WORDS = ARABIC_STOP_WORDS | ENGLISH_STOP_WORDS


def is_stop_word(word):
    return word in STOP_WORDS


def strip_arabic_prefixes(word):
    """Take off a leading conjunction و and an article or attached preposition (ال, بال, لل...)."""
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article):]
    return word


def stem_arabic(word):
    """Light stemming of one normalised Arabic word: prefixes, one ending, then a nisba ي.

    صحفيين loses ين and then the ي of the adjective, meeting صحفي and صحفيه as صحف.
    """
    word = strip_arabic_prefixes(word)
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("ي") and len(word) >= 4:
        word = word[:-1]
    return word


def arabic_family(stem):
    """A coarser key than the stem: derivational prefixes, inner long vowels and a verb's ت removed."""
    key = stem
    if key.startswith("است") and len(key) >= 6:
        key = key[3:]
    elif key[:1] in ("م", "ا", "ت") and len(key) >= 4:
        key = key[1:]
    key = key[0] + "".join(letter for letter in key[1:] if letter not in "اوي")
    if key.endswith("ت") and len(key) >= 4:
        key = key[:-1]
    return key if len(key) >= 2 else stem


def arabic_families(word, stem):
    """The family of a word, and of the word without an attached preposition (ل ب ك) if it may have one.

    Light stemming leaves لحرية alone (ل could be part of the word); its family
    also counts as حرية's, so the coarse match finds it.
    """
    families = [arabic_family(stem)]
    bare = word[1:] if word.startswith("و") and len(word) > 4 else word
    if bare[:1] in ("ل", "ب", "ك") and len(bare) >= 5 and bare[1:3] != "ال":
        families.append(arabic_family(stem_arabic(bare[1:])))
    return " ".join(dict.fromkeys(families))


def sound(word):
    """A Latin consonant skeleton of a normalised word in either script (see the module's docstring)."""
    if is_arabic(word):
        word = strip_arabic_prefixes(word)
        if len(word) > 2 and word[-1] == "ه":
            word = word[:-1]
        latin = "".join(_ARABIC_SOUNDS.get(letter, "") for letter in word)
    else:
        if word.startswith(("al", "el")) and len(word) > 5 and word[2] not in "aeiouy":
            word = word[2:]
        latin = word
        for digraph, letter in _LATIN_DIGRAPHS:
            latin = latin.replace(digraph, letter)
        latin = latin.translate(_LATIN_SOUNDS)
        latin = "".join(letter for letter in latin if letter.isascii() and letter.isalpha())
        if len(latin) > 2 and latin.endswith("ah"):
            latin = latin[:-1]
    if not latin:
        return ""
    # w and y are vowels inside a word; h after a vowel at the end is not heard.
    skeleton = latin[0] + "".join(letter for letter in latin[1:] if letter not in "awy")
    if len(skeleton) > 2 and skeleton.endswith("h") and latin[-2:-1] in ("a", "w", "y"):
        skeleton = skeleton[:-1]
    if latin[0] in "awy" and len(skeleton) > 2:
        skeleton = skeleton[1:]
    squeezed = "".join(letter for index, letter in enumerate(skeleton) if index == 0 or letter != skeleton[index - 1])
    return squeezed if len(squeezed) >= 2 else ""


@functools.lru_cache(maxsize=200_000)
def analyse_word(word):
    """(stem, families, sound) of one normalised word.

    ``families`` is empty for non-Arabic words and may hold two space-separated keys.
    """
    if is_arabic(word):
        stem = stem_arabic(word)
        return stem, arabic_families(word, stem), sound(word)
    if word.isdigit():
        return word, "", ""
    stem = _english.stemWord(word)
    if stem.endswith("e") and len(stem) > 4:
        # Snowball leaves "detaine" for detainee(s) but "detain" for detained.
        stem = stem[:-1]
    return stem, "", sound(word)


class AnalysedText:
    """The three term streams of a text, each a space-separated string ready for the index."""

    __slots__ = ("stems", "families", "sounds")

    def __init__(self, text):
        stems, families, sounds = [], [], []
        for word in words(text):
            # Inline, not is_stop_word(): this loop runs once per word of every indexed post.
            if word in STOP_WORDS:
                continue
            stem, family, sound_key = analyse_word(word)
            stems.append(stem)
            if family:
                families.append(family)
            if sound_key:
                sounds.append(sound_key)
        self.stems = " ".join(stems)
        self.families = " ".join(families)
        self.sounds = " ".join(sounds)
