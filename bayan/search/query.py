"""What a reader typed, understood: words, "exact phrases", -exclusions and the word still being typed.

Parsing never fails. Characters that mean something to a full-text engine
(``*``, ``:``, ``(``, ``NEAR``...) are just text here: every word is analysed
down to letters and digits before a backend sees it, and backends quote it.
"""

import re
from dataclasses import dataclass, field

from .analysis import analyse_word, is_arabic, is_stop_word, strip_arabic_prefixes, words

# Longer queries are cut, not refused: a pasted paragraph still finds its post.
MAX_QUERY_CHARACTERS = 300
MAX_WORDS = 12
MIN_PREFIX = 2

_QUOTED = re.compile(r'(-?)["“”«»]([^"“”«»]*)["“”«»]?')


@dataclass(frozen=True)
class Word:
    """One query word and every term that counts as it."""

    text: str
    stems: frozenset
    families: frozenset = frozenset()
    sounds: frozenset = frozenset()
    # The word as typed so far (article removed), matched as the start of a term.
    prefix: str = ""


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together and in order (each in any inflected form)."""

    text: str
    stems: tuple


@dataclass
class Query:
    raw: str
    required: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.required

    def highlight_terms(self):
        """(stems, families, prefixes) of the required words, for marking matches in excerpts."""
        stems, families, prefixes = set(), set(), set()
        for part in self.required:
            if isinstance(part, Phrase):
                stems.update(part.stems)
            else:
                stems.update(part.stems)
                families.update(part.families)
                if part.prefix:
                    prefixes.add(part.prefix)
        return stems, families, prefixes

    def sound_terms(self):
        return {key for part in self.required if isinstance(part, Word) for key in part.sounds}


def word_terms(word, equivalents=None, prefix=False):
    """The Word for one normalised query word, widened by the editors' equivalents."""
    stem, family, sound_key = analyse_word(word)
    stems, families, sounds = {stem}, set(family.split()), {sound_key} - {""}
    for other in (equivalents or {}).get(stem, ()):
        other_stem, other_family, other_sound = analyse_word(other)
        stems.add(other_stem)
        families.update(other_family.split())
        sounds.update({other_sound} - {""})
    typed = ""
    if prefix:
        typed = strip_arabic_prefixes(word) if is_arabic(word) else word
        if len(typed) < MIN_PREFIX:
            typed = ""
    return Word(word, frozenset(stems), frozenset(families), frozenset(sounds), typed)


def parse(raw, equivalents=None):
    """Parse a query string. ``equivalents`` maps a stem to the words an editor made equivalent to it.

    The last unquoted word is also matched as a prefix, unless the text ends in a
    space: whoever is still typing "detained journ" finds journalists.
    """
    raw = (raw or "")[:MAX_QUERY_CHARACTERS]
    query = Query(raw=raw)
    phrases = []

    def take_phrase(match):
        phrases.append((match.group(1) == "-", match.group(2)))
        return " "

    rest = _QUOTED.sub(take_phrase, raw)
    for negative, text in phrases:
        found = [word for word in words(text) if not is_stop_word(word)]
        if len(found) == 1:
            part = word_terms(found[0], equivalents)
        elif found:
            part = Phrase(text.strip(), tuple(analyse_word(word)[0] for word in found))
        else:
            continue
        (query.excluded if negative else query.required).append(part)

    tokens = rest.split()
    still_typing = bool(tokens) and not raw[-1:].isspace() and not raw.rstrip().endswith(('"', "”", "»"))
    for position, token in enumerate(tokens):
        negative = token.startswith("-") and len(token) > 1
        found = [word for word in words(token) if not is_stop_word(word)]
        last = position == len(tokens) - 1
        for index, word in enumerate(found):
            typing = still_typing and last and index == len(found) - 1 and not negative
            part = word_terms(word, equivalents, prefix=typing)
            (query.excluded if negative else query.required).append(part)
    query.required = _unique(query.required)[:MAX_WORDS]
    query.excluded = _unique(query.excluded)[:MAX_WORDS]
    return query


def _unique(parts):
    seen, kept = set(), []
    for part in parts:
        if part not in seen:
            seen.add(part)
            kept.append(part)
    return kept


def looks_empty(raw):
    """True when a query has nothing to search for (empty, punctuation, only stop words)."""
    return all(is_stop_word(word) for word in words(raw or ""))
