"""Text analysis shared by indexing and querying: the same words always become the same terms.

Every word yields up to three kinds of term, kept apart in the index:

``stem``
    Arabic: orthography unified (diacritics, tatweel, alef and hamza forms, alef
    maqsura, taa marbuta, Eastern digits), then a light stemmer removes the
    conjunction, article and attached prepositions in front and plural, dual,
    feminine and pronoun endings behind. It never cuts a word down to a bare root:
    جمعية keeps its ي (جمعي), so it stays apart from جمع, جميع and جامعة.
    English: case folded, Snowball stem. Stems are what a search matches first and
    ranks highest.
``forms``
    Other terms under which the same word is found, matched as exactly as its
    stem: the letters a derived verb shares with its nouns and participles (forms
    VII, VIII and X: اعتقال, اعتقلت and معتقل share ``ىعتقل``), the word without
    an attached ل or ب (لحرية is also حرية), and a weak noun's ي lost before a
    plural ending (المحامين is also المحامي).
``close``
    Close terms, never taken for the word itself: the Arabic root family (the stem
    without derivational letters and long vowels, so محكمة, محاكمة and حكم meet as
    حكم) and a consonant skeleton in Latin letters for both scripts (vowels, w and y
    inside a word dropped, sh/ch/ش as x, q/ق as k, and so on), so that Zaitouneh,
    Zeitouneh, Zaytouna and زيتونة meet as ``ztn``. Searching uses them only when the
    exact terms find little, and shows what they find apart (see
    ``bayan.search.searching``).

``ANALYSIS_VERSION`` names this analysis: every search document records the
version that wrote it, and an index holding documents of another version is stale
(``bayan.search.state``).
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

ANALYSIS_VERSION = 2

# Longest first, so that وال is taken before و.
_ARABIC_ARTICLES = ("وبال", "وكال", "وال", "بال", "كال", "فال", "لل", "ال")
# Endings the stemmer takes off (one at most, the first that fits), each with the letters it must
# leave. Plural and dual endings must leave four: زيتون, عشرين and لبنان are words, not زيت, عشر
# and لبن with an ending. The ي of an adjective or of an abstract noun in ية stays: جمعية is جمعي.
_ARABIC_SUFFIXES = (("تها", 3), ("تهم", 3), ("ات", 3), ("ون", 4), ("ين", 4), ("ان", 4), ("وا", 3), ("ها", 3),
                    ("هم", 3), ("هن", 3), ("ه", 3), ("ا", 3))

# Forms of a derived verb (VII, VIII and X) that its shape gives away, and the letters they
# share: the verb without its first ا, the participle without its م, the present tense without
# its prefix, the verbal noun without its long ا. R stands for a root letter. The first pattern
# that matches counts.
_RADICAL = "[بتثجحخدذرزسشصضطظعغفقكلمنهوي]"
_DERIVED = tuple(re.compile(pattern.replace("R", _RADICAL)) for pattern in (
    "ا(ستRR)ا(R)",      # X: استخدام
    "ا(ستRR)ا",         # X, weak last letter: استدعاء (its hamza dropped)
    "[امينت](ستRRR)",   # X: استخدم, مستخدم, يستخدم
    "ا(R[تطد]R)ا(R)",   # VIII: اعتقال, اضطهاد
    "ا(R[تطد]R)ا",      # VIII, weak: اختفاء
    "[امينت](R[تطد]RR)",  # VIII: اعتقل, معتقل, يعتقل
    "ا(نRR)ا(R)",       # VII: انسحاب
    "ا(نRR)ا",          # VII, weak: انقضاء
    "[امينت](نRRR)",    # VII: انسحب, منسحب, ينسحب
))
# Marks a derived verb's letters as such: no normalised word contains ى, so a form never equals a stem.
FORM_MARK = "ى"

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
# Words Snowball cuts to another word's stem: (how the word begins, the stem it keeps instead).
# Without it, executive and executives would be found for execution.
_ENGLISH_APART = (("executiv", "executiv"),)

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


def _cut_ending(word):
    """(stem, ending taken off) of a normalised Arabic word whose prefixes are already off."""
    for suffix, leaves in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= leaves:
            return word[: -len(suffix)], suffix
    return word, ""


def stem_arabic(word):
    """Light stemming of one normalised Arabic word: prefixes, then one ending.

    صحفيين, الصحفية and صحفيات meet صحفي as صحفي; جمعية is جمعي, apart from جمع.
    """
    return _cut_ending(strip_arabic_prefixes(word))[0]


def derived_verb_key(letters):
    """The letters a derived verb shares with its verbal noun and participles, marked; '' if none.

    اعتقال, اعتقل, اعتقلت, معتقل, يعتقل and معتقلي all give ىعتقل; اختفاء, اختفى and مختفي
    give ىختف (a weak last letter left out).
    """
    key = _derived_shape(letters)
    if not key and letters.startswith("ا") and letters.endswith("ت"):
        key = _derived_shape(letters[:-1])  # a past tense's ending: اعتقلت
    if not key and letters.endswith("ي"):
        key = _derived_shape(letters[:-1])  # a construct plural or an adjective: معتقلي, اجتماعي
    return key


def _derived_shape(letters):
    for pattern in _DERIVED:
        match = pattern.fullmatch(letters)
        if match:
            key = "".join(match.groups())
            return FORM_MARK + (key[:-1] if key.endswith("ي") else key)
    return ""


def _without_preposition(word):
    """The word without an attached ل or ب when it may carry one (لحرية, باعتقال), else ''.

    ل is taken off a word of five letters or more; ب only before ا or م (a verbal noun or a
    participle), since many words begin with a ب of their own (بطاقة is not ب + طاقة).
    """
    rest = word[1:] if word.startswith("و") and len(word) > 3 else word
    if strip_arabic_prefixes(word) != rest:
        return ""  # an article was taken off: nothing else is attached
    if rest.startswith("ل") and len(rest) >= 5:
        return rest[1:]
    if rest.startswith("ب") and len(rest) >= 6 and rest[1] in "ام":
        return rest[1:]
    return ""


def _arabic_forms(bare, stem, ending):
    """The other exact terms of a word whose prefixes are off (``bare``) and whose stem is ``stem``."""
    forms = []
    # A weak word loses its ي before a plural ending: المحامين is المحامي's plural, المختفين مختفي's.
    weak = stem + "ي" if ending in ("ين", "ون") else ""
    if weak and stem[-2:-1] == "ا":
        forms.append(weak)
    for letters in filter(None, (stem, bare, weak)):
        key = derived_verb_key(letters)
        if key:
            forms.append(key)
            break
    return forms


def arabic_family(stem):
    """A root family: the stem with derivational prefixes, inner long vowels and a verb's ت removed."""
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
    """The root family of a word, and of the word without an attached preposition (ل ب ك) if it may have one.

    Families are close terms: محكمة (court) and محاكمة (trial) share one, and so do جمعية,
    جميع and جامعة, which are different words.
    """
    families = [arabic_family(stem)]
    bare = word[1:] if word.startswith("و") and len(word) > 4 else word
    if bare[:1] in ("ل", "ب", "ك") and len(bare) >= 5 and bare[1:3] != "ال":
        families.append(arabic_family(stem_arabic(bare[1:])))
    return list(dict.fromkeys(families))


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
    """(stem, forms, close) of one normalised word: its stem, the other terms it is exactly found
    under, and its close terms (root families and sound key); ``forms`` and ``close`` are tuples.
    """
    if is_arabic(word):
        bare = strip_arabic_prefixes(word)
        stem, ending = _cut_ending(bare)
        forms = _arabic_forms(bare, stem, ending)
        attached = _without_preposition(word)
        if attached:
            attached_stem, attached_ending = _cut_ending(attached)
            forms += [attached_stem, *_arabic_forms(attached, attached_stem, attached_ending)]
        close = [*arabic_families(word, stem), sound(word)]
        return stem, _terms(forms, stem), _terms(close)
    if word.isdigit():
        return word, (), ()
    stem = _english.stemWord(word)
    if stem.endswith("e") and len(stem) > 4:
        # Snowball leaves "detaine" for detainee(s) but "detain" for detained.
        stem = stem[:-1]
    for start, kept in _ENGLISH_APART:
        if word.startswith(start):
            stem = kept
    return stem, (), _terms([sound(word)])


def _terms(candidates, leave_out=""):
    return tuple(term for term in dict.fromkeys(candidates) if term and term != leave_out)


class AnalysedText:
    """The three term streams of a text, each a space-separated string ready for the index."""

    __slots__ = ("stems", "forms", "close")

    def __init__(self, text):
        stems, forms, close = [], [], []
        for word in words(text):
            # Inline, not is_stop_word(): this loop runs once per word of every indexed post.
            if word in STOP_WORDS:
                continue
            stem, word_forms, word_close = analyse_word(word)
            stems.append(stem)
            forms += word_forms
            close += word_close
        self.stems = " ".join(stems)
        self.forms = " ".join(forms)
        self.close = " ".join(close)
