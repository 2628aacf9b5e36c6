"""Persons in the site search: the public persons whose names match the words searched, above the posts.

Every word searched that is part of some public person's name must be part of the
person's names (both scripts and the aliases): "Razan Zaitouneh detention" finds Razan
Zaitouneh, since no one is named "detention". A word matches a name token when its keys
meet (``names.text_keys``: «لرزان» is رزان), when the search app's equivalents make them
one (``SearchEquivalent``), or else by their sound (``bayan.search.analysis.sound``), so
that «زيتونه», Zeitouneh and Zaytouna all find Zaitouneh. Persons found by their keys
are listed before those found only by sound.

Only public persons are read, once per content generation (``HeldPerGeneration``): an
internal person's name finds nothing, exactly as a name no one has.
"""

from collections import defaultdict

from django.utils.translation import gettext

from bayan.addresses import slug_address
from bayan.pagecache.held import HeldPerGeneration
from bayan.search.analysis import STOP_WORDS, words
from bayan.search.models import SearchEquivalent
from bayan.search.sections import Result, Section

from .display import status_label
from .models import Person
from .names import LATIN_ARTICLES, name_key, sound_key, text_keys, variants

MOST_SHOWN = 8
# Words of a query looked at: a name is a few words, and a long query must cost what a short one does.
MOST_WORDS = 12


class PersonsByName:
    """The public persons, looked up by the keys and sounds of their names' tokens."""

    def __init__(self, persons, equivalent_groups=()):
        self.persons = {}
        self.by_key = defaultdict(set)
        self.by_sound = defaultdict(set)
        self.equivalents = defaultdict(set)
        for members in equivalent_groups:
            group = {name_key(word) for member in members for word in words(member)}
            for key in group:
                self.equivalents[key] |= group
        for person in persons:
            self.persons[person.pk] = person
            for tokens in variants(person.match_terms):
                for token in tokens:
                    self.by_key[token].add(person.pk)
                    self.by_sound[sound_key(token)].add(person.pk)
        self.by_sound.pop("", None)

    def find(self, query_text):
        """The persons every name word of the query matches: (matched by keys, matched only by sound)."""
        exact_sets, close_sets = [], []
        for word in [word for word in words(query_text) if word not in STOP_WORDS | LATIN_ARTICLES][:MOST_WORDS]:
            keys = {key for reading in text_keys(word) for key in self.equivalents.get(reading, {reading})}
            exact = set().union(*(self.by_key.get(key, ()) for key in keys))
            close = exact | self.by_sound.get(sound_key(word), set())
            if close:  # a word no name has is not a name word: "detention" in "Razan detention"
                exact_sets.append(exact)
                close_sets.append(close)
        if not close_sets:
            return [], []
        exact = set.intersection(*exact_sets)
        close = set.intersection(*close_sets) - exact
        return self._persons(exact), self._persons(close)

    def _persons(self, ids):
        return sorted((self.persons[pk] for pk in ids), key=lambda person: (str(person).casefold(), person.pk))


def _load():
    persons = Person.objects.visible_to_readers().only("pk", "slug", "name_en", "name_ar", "status", "match_terms")
    groups = [group.word_list() for group in SearchEquivalent.objects.only("words")]
    return PersonsByName(persons, groups)


_held = HeldPerGeneration(_load)


def _result(person, language):
    own = person.name_ar if language == "ar" else person.name_en
    detail = " · ".join(part for part in (person.other_name(language), status_label(person.status, language)) if part)
    return Result(title=person.name_in(language), url=slug_address(language, "cases:person", person.slug),
                  detail=detail, language=language if own else ("en" if language == "ar" else "ar"))


def persons_section(query_text, language, request=None):
    """The search page's section of persons whose names match ``query_text`` (see the module's docstring)."""
    exact, close = _held.get(request).find(query_text)
    found = (exact + close)[:MOST_SHOWN]
    if not found:
        return None
    return Section(name="persons", title=gettext("Persons"), results=[_result(person, language) for person in found])
