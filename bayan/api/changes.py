"""The changes feed: the site's one change log, told as resources upserted or deleted.

The feed reads ``pagecache.ContentChange``, the log the search index and the mirror follow.
Each entry names resources (its post, and those written with it, see ``resources.py``); each
is reported as it stands when the feed is read: ``upserted`` while readers may see it, else
``deleted``. A resource that left public view is only ever ``deleted``, with no reason: an
embargo, a family's request for privacy and a deletion all look the same. Its ``version`` is
the number of the entry that reported it, so versions only grow. A resource that was never
public is never reported at all (``announced.py``).

Within one answer a resource is reported once, at its latest entry. An entry that rewrote rows
in bulk without naming them (``*``: a restore, a bulk rewrite) reports every public resource as
upserted; such a rewrite never removes rows, so nothing it did is missed.
"""

from dataclasses import dataclass

from bayan.pagecache.models import ContentChange

from .announced import announced
from .public import KINDS, public, public_ids
from .resources import touched_by_others, touched_by_posts

# The most entries one answer reads.
MOST_ENTRIES = 1000


@dataclass(frozen=True)
class Change:
    sequence: int
    kind: str
    id: int
    change: str

    def as_dict(self):
        found = {"sequence": self.sequence, "type": self.kind, "id": self.id, "change": self.change}
        if self.change == "upserted":
            found["version"] = self.sequence
        return found


def read(after_id, limit, now=None):
    """``(changes, last entry read, more to read)`` for the entries after ``after_id``, at most ``limit`` of them.

    A resource readers may not see is reported ``deleted`` only if they could see it at some
    moment (``announced.py``); one that was never public is left out.
    """
    changes, last, more = states(after_id, limit, now)
    hidden = [(change.kind, change.id) for change in changes if change.change == "deleted"]
    once_public = announced(hidden) if hidden else set()
    return [change for change in changes
            if change.change == "upserted" or (change.kind, change.id) in once_public], last, more


def states(after_id, limit, now=None):
    """As ``read``, every resource the entries name told as it stands now, never public ones included."""
    entries = list(ContentChange.objects.filter(id__gt=after_id).order_by("id")
                   .values_list("id", "post_id", "model", "resources")[:limit + 1])
    more = len(entries) > limit
    entries = entries[:limit]
    if not entries:
        return [], after_id, False
    widened = touched_by_posts({post_id for _id, post_id, _model, _resources in entries if post_id is not None})
    latest = {}
    for change_id, post_id, model, resources in entries:
        named = []
        if post_id is not None:
            named.append(("post", post_id))
            named.extend(widened.get(post_id, ()))
        named.extend((kind, int(found_id)) for kind, found_id in resources or () if kind in KINDS)
        if model == "*":
            named.extend((kind, pk) for kind in KINDS for pk in public(kind, now).values_list("pk", flat=True))
        for key in named:
            latest[key] = change_id
    for key, others in touched_by_others(list(latest)).items():
        for other in others:
            latest[other] = max(latest.get(other, 0), latest[key])
    visible = {}
    for kind in KINDS:
        ids = [pk for found_kind, pk in latest if found_kind == kind]
        visible[kind] = public_ids(kind, ids, now) if ids else set()
    changes = sorted(
        (Change(sequence, kind, pk, "upserted" if pk in visible[kind] else "deleted")
         for (kind, pk), sequence in latest.items()),
        key=lambda change: (change.sequence, KINDS.index(change.kind), change.id),
    )
    return changes, entries[-1][0], more
