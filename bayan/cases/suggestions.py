"""Suggested persons for a post: those whose full name or an alias occurs in its title or text.

A name matches as a sequence of at least two tokens (``names``): its tokens in order,
at most one other word between two of them (a father's name: Razan Hamid Zaitouneh is
Razan Zaitouneh). A name of one token, and a first name alone, never match: Razan alone
names many people. A family name alone does not match either: measured on the demo's
posts, every post that names a person gives the full name at least once, and a family
name alone would propose relatives who share it.

Each name token also matches the words the search app's equivalents make equivalent to
it (``SearchEquivalent``: Zaitouneh, Zeitouneh, Zaytouna, زيتونة), so a spelling the
editors listed there matches without being an alias of every person.

The index (first two tokens → the names that begin with them) is built once and kept until a
person or an equivalence group changes: checking that costs two small queries, and
suggesting for a 900-word post is a walk over its words (``bench/cases_suggest.py``).
"""

import threading
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max

from bayan.newsroom.text import html_to_text
from bayan.search.analysis import words
from bayan.search.models import SearchEquivalent

from .models import LinkState, Person, PostPerson
from .names import name_key, text_tokens, variants

# Words allowed between two tokens of a name (a father's name, a nickname).
GAP = 1


class NameIndex:
    """Every person's names, looked up by their first two tokens' keys."""

    def __init__(self, persons, equivalent_groups=()):
        """``persons``: (person id, match_terms) pairs; ``equivalent_groups``: lists of equivalent words."""
        self.equivalents = _equivalent_keys(equivalent_groups)
        # first key → second key → [(the keys accepted for each further token, person id)]
        self.by_start = defaultdict(lambda: defaultdict(list))
        for person_id, terms in persons:
            for tokens in variants(terms):
                if len(tokens) < 2:
                    continue
                accepted = tuple(self.equivalents.get(token, frozenset((token,))) for token in tokens)
                for first in accepted[0]:
                    for second in accepted[1]:
                        self.by_start[first][second].append((accepted[2:], person_id))

    def find(self, text):
        """The ids of the persons a name of whom occurs in ``text``, in the order they first occur."""
        tokens = text_tokens(text)
        found = {}
        for position, keys in enumerate(tokens):
            for key in keys:
                seconds = self.by_start.get(key)
                if seconds is None:
                    continue
                for next_position in range(position + 1, min(position + GAP + 2, len(tokens))):
                    for second in tokens[next_position]:
                        for rest, person_id in seconds.get(second, ()):
                            if person_id not in found and _follows(tokens, next_position + 1, rest):
                                found[person_id] = position
        return list(found)


def _follows(tokens, start, rest):
    """Whether the tokens ``rest`` occur in order from ``start``, each at most ``GAP`` words after the last."""
    position = start
    for accepted in rest:
        for offset in range(GAP + 1):
            index = position + offset
            if index < len(tokens) and not accepted.isdisjoint(tokens[index]):
                position = index + 1
                break
        else:
            return False
    return True


def _equivalent_keys(groups):
    """Map each name key to the keys of every word of the equivalence groups it belongs to."""
    keys = {}
    for members in groups:
        group = {name_key(word) for member in members for word in words(member)}
        for key in group:
            keys[key] = frozenset(keys.get(key, frozenset()) | group)
    return keys


_held = {"version": None, "index": None}
_lock = threading.Lock()


def _version():
    """What the index depends on: every person's names (count, last id, last change) and the equivalents."""
    persons = Person.objects.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    groups = tuple(SearchEquivalent.objects.order_by("pk").values_list("pk", "words"))
    return (persons["count"], persons["last"], persons["changed"], groups)


def current_index():
    """The name index, built again only when a person or an equivalence group changed."""
    version = _version()
    with _lock:
        if _held["version"] == version:
            return _held["index"]
    persons = Person.objects.values_list("pk", "match_terms").iterator(chunk_size=2000)
    groups = [[line.strip() for line in text.splitlines() if line.strip()] for _pk, text in version[3]]
    index = NameIndex(persons, groups)
    with _lock:
        _held["version"], _held["index"] = version, index
    return index


def post_text(post):
    """What names are looked for in: the post's title, excerpt and body as readers read them."""
    return "\n".join((post.title or "", post.excerpt or "", html_to_text(post.body or "")))


def suggest(post, index=None):
    """The persons (all of them, internal included: editors decide) whose name occurs in ``post``."""
    found = (index or current_index()).find(post_text(post))
    persons = Person.objects.in_bulk(found)
    return [persons[pk] for pk in found if pk in persons]


def record(posts_and_found):
    """Keep ``(post id, person ids found)`` as suggestions; return (added, withdrawn).

    An editor's decision (linked or rejected) is never touched. A suggestion whose name is
    no longer in the post is withdrawn.
    """
    posts_and_found = list(posts_and_found)
    post_ids = [post_id for post_id, _found in posts_and_found]
    existing = defaultdict(dict)
    for post_id, person_id, state in PostPerson.objects.filter(post_id__in=post_ids).values_list(
            "post_id", "person_id", "state"):
        existing[post_id][person_id] = state
    new, stale = [], []
    for post_id, found in posts_and_found:
        known = existing[post_id]
        new += [PostPerson(post_id=post_id, person_id=person_id, state=LinkState.SUGGESTED)
                for person_id in found if person_id not in known]
        stale += [(post_id, person_id) for person_id, state in known.items()
                  if state == LinkState.SUGGESTED and person_id not in found]
    with transaction.atomic():
        # Suggestions change nothing readers see: created in bulk, they start no new content generation.
        PostPerson.objects.bulk_create(new, ignore_conflicts=True)
        for post_id, person_id in stale:
            PostPerson.objects.filter(post_id=post_id, person_id=person_id, state=LinkState.SUGGESTED).delete()
    return len(new), len(stale)


def suggest_and_record(post, index=None):
    """Find the persons ``post`` names and keep them as its suggestions; return (added, withdrawn)."""
    index = index or current_index()
    return record([(post.pk, index.find(post_text(post)))])


def _after_publishing(sender, instance, **kwargs):
    # Only the post just published is read; the index is rebuilt only if persons changed.
    suggest_and_record(instance.specific)


def connect():
    """Suggest persons for every post published one at a time (the admin, the scheduler); bulk imports: the command."""
    from wagtail.signals import page_published

    from bayan.newsroom.models import PostPage

    page_published.connect(_after_publishing, sender=PostPage, dispatch_uid="cases-suggest-after-publishing")
