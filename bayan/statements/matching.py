"""Which organisation a typed name is: the same name, a short name or alias, or a close spelling.

Names are compared as the search app analyses them (``bayan.search.analysis``) through the
case records' name keys (``bayan.cases.names``): Arabic orthography unified and the article
taken off, Latin case and diacritics folded. Words that organisations' names share but that
tell nothing apart ("the", "for", «لـ») are left out, so "Committee to Protect Journalists"
and "The Committee for the Protection of Journalists" are compared on what they say.

Three grades of match, best first:

``same``
    one of the names, short names or aliases, key for key (CPJ is CPJ; «لجنة حماية الصحفيين»
    is «لجنة حماية الصحافيين» once normalised only when spelled alike);
``close``
    every word sounds alike (``analysis.sound``, the consonant skeleton shared by both
    scripts), so Reporters Sans Frontieres and Reporters sans frontières meet, and so do
    transliterations typed two ways;
``similar``
    most words sound alike (at least two, and three quarters of the shorter name's).

Editors decide; these only rank what they are shown.
"""

from dataclasses import dataclass

from bayan.cases.names import name_tokens
from bayan.search.analysis import sound

# Small words of organisations' names in both languages, as keys (``name_tokens`` output).
FILLER = frozenset({
    "the", "of", "for", "and", "in", "on", "to", "a", "an", "de", "du", "des", "la", "le", "les", "et",
    "ل", "في", "من", "علي", "عن", "و",
})

SAME, CLOSE, SIMILAR = "same", "close", "similar"
_GRADE_ORDER = {SAME: 0, CLOSE: 1, SIMILAR: 2}


def name_key(name):
    """A name as the tuple of its telling words' keys."""
    return tuple(token for token in name_tokens(name) if token not in FILLER)


def match_terms(names):
    """Names as kept on a model for matching: one name's key a line, words separated by spaces."""
    lines = [" ".join(key) for key in map(name_key, names) if key]
    return "\n".join(dict.fromkeys(lines))


def keys_of(terms):
    """The keys kept by ``match_terms``."""
    return [tuple(line.split()) for line in terms.splitlines() if line.strip()]


def _sounds(key):
    return tuple(sound(word) or word for word in key)


def grade(key, other):
    """How well two name keys match: SAME, CLOSE, SIMILAR, or None."""
    if not key or not other:
        return None
    if key == other:
        return SAME
    if len(key) == 1 or len(other) == 1:
        # A single word (an acronym, a one-word name) matches only as itself.
        return None
    ours, theirs = _sounds(key), _sounds(other)
    if ours == theirs:
        return CLOSE
    shared = len(set(ours) & set(theirs))
    if shared >= 2 and shared * 4 >= min(len(ours), len(theirs)) * 3:
        return SIMILAR
    return None


@dataclass(frozen=True)
class Match:
    organisation: object
    grade: str

    @property
    def rank(self):
        return _GRADE_ORDER[self.grade]


def best_grade(terms, other_terms):
    """The best grade between any name of one side and any of the other."""
    found = [grade(key, other) for key in keys_of(terms) for other in keys_of(other_terms)]
    found = [value for value in found if value]
    return min(found, key=_GRADE_ORDER.get) if found else None


def matches(name_or_terms, organisations, *, terms=False, limit=5):
    """The organisations a name may be, best first (at most ``limit``).

    ``organisations`` is any iterable of ``Organisation`` with ``match_terms`` loaded;
    pass ``terms=True`` when ``name_or_terms`` is already ``match_terms`` output.
    """
    own = name_or_terms if terms else match_terms([name_or_terms])
    found = []
    for organisation in organisations:
        value = best_grade(own, organisation.match_terms)
        if value:
            found.append(Match(organisation, value))
    found.sort(key=lambda match: (match.rank, str(match.organisation)))
    return found[:limit]
