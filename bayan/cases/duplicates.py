"""Likely duplicates among persons of concern: the same or a close name or alias, in either script.

Two names are close when their words sound alike one by one, with the search app's
analysis (``bayan.search.analysis``): spellings normalised (case, Arabic orthography,
taa marbuta and haa), then each word reduced to its Latin consonant skeleton, the same
for Arabic and Latin letters. So "Razan Zeitouneh", "Razan Zaitouneh", رزان زيتونة and
رزان زيتونه all read ``rzn ztn``. A name that leaves out a middle name of the other
("Razan Zaitouneh" and "Razan Ahmad Zaitouneh") is close too; a single word alone
never is, since a first name is shared by many people.

The admin warns with these on save and never refuses: two persons may truly share a name.
"""

from bayan.search.analysis import sound, words

from .models import Person


def name_key(name):
    """The sound keys of a name's words, in order (words without a key, such as digits, keep their text)."""
    return tuple(sound(word) or word for word in words(name))


def _close(key, other):
    """Same keys, or the shorter one is the longer with middle words left out (same first and last word)."""
    if key == other:
        return True
    shorter, longer = sorted((key, other), key=len)
    if len(shorter) < 2 or shorter[0] != longer[0] or shorter[-1] != longer[-1]:
        return False
    remaining = iter(longer[1:-1])
    return all(word in remaining for word in shorter[1:-1])


def _keys(names):
    """The keys of the names of two words or more."""
    return {key for key in map(name_key, names) if len(key) >= 2}


def likely_duplicates(person, candidates=None):
    """Other persons whose name or an alias is the same as or close to one of ``person``'s.

    ``candidates`` defaults to every other person; their names are read in one query.
    """
    own = _keys(person.all_names())
    if not own:
        return []
    if candidates is None:
        candidates = Person.objects.exclude(pk=person.pk).only("pk", "slug", "name_en", "name_ar", "aliases")
    found = []
    for other in candidates:
        if any(_close(key, other_key) for key in own for other_key in _keys(other.all_names())):
            found.append(other)
    return found
