"""What a reader typed, understood: words, "exact phrases", -exclusions and the word still being typed.

Parsing never fails. Characters that mean something to a full-text engine
(``*``, ``:``, ``(``, ``NEAR``...) are just text here: every word is analysed
down to letters and digits before a backend sees it, and backends quote it.
A query is cleaned first (``clean``): control characters out, and cut to
``BAYAN_SEARCH_MAX_QUERY`` characters, so a pasted paragraph still finds its post
and a huge one costs no more than a long one.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from .analysis import FORM_MARK, analyse_word, is_arabic, is_stop_word, strip_arabic_prefixes, words

MAX_WORDS = 12
# The start of a word is matched only from three letters on: "un" would find every "unknown".
MIN_PREFIX = 3

_QUOTED = re.compile(r'(-?)["“”«»]([^"“”«»]*)["“”«»]?')
# Control characters (C0, DEL, C1) and lone surrogates: each becomes a space.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Direction embeddings, overrides and isolates: taken out, or they would carry on into the page
# around the query where it is shown. (Direction marks and joiners stay; analysis ignores them.)
_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Word:
    """One query word and every term that counts as it.

    ``terms`` are matched as the word itself: its stem, its other forms (see
    ``analysis``) and those of the editors' equivalents. ``close`` terms (root
    families, sound keys) find close matches. ``prefix`` is the word as typed so far,
    matched as the start of longer words: exactly when the word as typed is in no
    post (``prefix_exact``, settled by ``searching.find``: "journ" is the start of
    journalists), closely when it is a word of its own (جمع is not جمعية).
    """

    text: str
    terms: frozenset
    close: frozenset = frozenset()
    prefix: str = ""
    prefix_exact: bool = False


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
    # The text was longer than BAYAN_SEARCH_MAX_QUERY characters, or had more than MAX_WORDS words.
    shortened: bool = False

    @property
    def is_empty(self):
        return not self.required

    def highlight_terms(self):
        """(terms, exact prefixes, close terms, close prefixes) of the required words, for marking matches."""
        terms, prefixes, close, close_prefixes = set(), set(), set(), set()
        for part in self.required:
            if isinstance(part, Phrase):
                terms.update(part.stems)
            else:
                terms.update(part.terms)
                close.update(part.close)
                if part.prefix:
                    (prefixes if part.prefix_exact else close_prefixes).add(part.prefix)
        return terms, prefixes, close, close_prefixes


def clean(raw, limit=None):
    """(text, whether it was cut): the query as it is searched and shown again in the search box.

    Control characters are taken out, runs of spaces and line breaks become one space,
    and a text longer than ``limit`` (BAYAN_SEARCH_MAX_QUERY) characters is cut at the
    end of its last whole word.
    """
    limit = settings.BAYAN_SEARCH_MAX_QUERY if limit is None else limit
    text = _SPACES.sub(" ", _CONTROL.sub(" ", _EMBEDDINGS.sub("", raw or ""))).lstrip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    if not text[limit].isspace():
        whole_words = cut.rpartition(" ")[0]
        if whole_words.strip():
            cut = whole_words
    return cut.rstrip(), True


def word_terms(word, equivalents=None, prefix=False):
    """The Word for one normalised query word, widened by the editors' equivalents."""
    stem, forms, close = analyse_word(word)
    terms, close = {stem, *forms}, set(close)
    for other in (equivalents or {}).get(stem, ()):
        other_stem, other_forms, other_close = analyse_word(other)
        terms.update((other_stem, *other_forms))
        close.update(other_close)
    typed = ""
    if prefix:
        typed = strip_arabic_prefixes(word) if is_arabic(word) else word
        if len(typed) < MIN_PREFIX:
            typed = ""
    return Word(word, frozenset(terms), frozenset(close), typed)


def title_terms(part):
    """The terms of a word that a title's stems may hold (its stem and other stems, not a verb's letters)."""
    return sorted(term for term in part.terms if not term.startswith(FORM_MARK))


def parse(raw, equivalents=None, was_cut=False):
    """Parse a query string. ``equivalents`` maps a stem to the words an editor made equivalent to it.

    The last unquoted word is also matched as the start of a word, unless the text ends
    in a space or was cut: whoever is still typing "detained journ" finds journalists.
    ``was_cut`` says the text was already cut by ``clean``.
    """
    raw, cut = clean(raw)
    query = Query(raw=raw, shortened=cut or was_cut)
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
    still_typing = (bool(tokens) and not query.shortened and not raw[-1:].isspace()
                    and not raw.rstrip().endswith(('"', "”", "»")))
    for position, token in enumerate(tokens):
        negative = token.startswith("-") and len(token) > 1
        found = [word for word in words(token) if not is_stop_word(word)]
        last = position == len(tokens) - 1
        for index, word in enumerate(found):
            typing = still_typing and last and index == len(found) - 1 and not negative
            part = word_terms(word, equivalents, prefix=typing)
            (query.excluded if negative else query.required).append(part)
    required, excluded = _unique(query.required), _unique(query.excluded)
    query.shortened = query.shortened or len(required) > MAX_WORDS or len(excluded) > MAX_WORDS
    query.required, query.excluded = required[:MAX_WORDS], excluded[:MAX_WORDS]
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
