"""How a person's names meet the words of a text: the keys both sides are reduced to.

A name is a sequence of tokens; each token is reduced to a *key* with the search app's
analysis (``bayan.search.analysis.normalise``): Arabic orthography unified (alef and hamza
forms, ta marbuta as ه, alef maqsura as ي, diacritics and tatweel gone), Latin case and
diacritics folded. An Arabic token loses its article (الحمصي is حمصي), so the name matches
with or without it.

A word of a text may carry what a name never does: a conjunction, an article or an
attached preposition (لرزان, والحمصي, بزيتونة). ``text_keys`` therefore gives every key
the word could stand for, and a name token matches when its key is among them: «لرزان
زيتونه» meets رزان زيتونة.

``match_terms(person)`` is the person's names as keys, one name per line, kept on the
person when saved (``Person.match_terms``): the suggestions' index reads only that column.
"""

import functools
import unicodedata

from bayan.search.analysis import is_arabic, normalise, sound, strip_arabic_prefixes, words

# A Latin article written apart (Al-Hamsi, el Saleh): left out of names and texts alike.
LATIN_ARTICLES = frozenset({"al", "el"})
# One-letter conjunctions and prepositions an Arabic word may carry in front of a name.
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "لبك"


def fold_latin(word):
    """A Latin word without its diacritics (Zaïtouneh is zaitouneh); ``word`` is already case folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


def name_key(word):
    """The key of one normalised word of a name: Arabic without its article, Latin without diacritics."""
    if is_arabic(word):
        if word.startswith("ال") and len(word) >= 5:
            return word[2:]
        return word
    return fold_latin(word)


def name_tokens(name):
    """A name as the sequence of its tokens' keys (Latin articles left out)."""
    return [name_key(word) for word in words(name) if word not in LATIN_ARTICLES]


@functools.lru_cache(maxsize=100_000)
def text_keys(word):
    """Every key a normalised word of a text may stand for, itself first.

    والحمصي may be الحمصي after a conjunction, لرزان رزان after a preposition; a key
    that no name has costs nothing, so every reading is offered.
    """
    if not is_arabic(word):
        return (fold_latin(word),)
    readings = [word, strip_arabic_prefixes(word)]
    if word[0] in _CONJUNCTIONS and len(word) > 3:
        readings.append(word[1:])
    for reading in list(readings):
        if reading[0] in _PREPOSITIONS and len(reading) >= 4:
            readings.append(reading[1:])
    return tuple(dict.fromkeys(name_key(reading) for reading in readings))


def text_tokens(text):
    """The words of a text in order, each as the tuple of keys it may stand for (Latin articles left out)."""
    return [text_keys(word) for word in words(text) if word not in LATIN_ARTICLES]


def match_terms(person):
    """The person's names and aliases as token keys: one name a line, tokens separated by spaces."""
    lines = []
    for name in person.all_names():
        tokens = name_tokens(name)
        if tokens:
            lines.append(" ".join(tokens))
    return "\n".join(dict.fromkeys(lines))


def variants(terms):
    """The token sequences kept in ``Person.match_terms``."""
    return [tuple(line.split()) for line in terms.splitlines() if line.strip()]


def sound_key(key):
    """The consonant skeleton of a key (see ``bayan.search.analysis.sound``): Zaytouna and زيتونه meet."""
    return sound(normalise(key))
