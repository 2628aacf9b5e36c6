"""Which resources readers could see at some moment: the only ones the changes feed may report as deleted.

The feed tells each resource as it stands when the feed is read (``changes.py``). Told that way,
a row that was never public (an internal person added, a draft's new tag, a signature pending
then withdrawn) would be reported ``deleted``, which names an id readers never saw. So each
time a change commits (a new content generation), the log's new entries are read as the feed
reads them and every resource readers may see then is recorded as announced; the feed reports
``deleted`` only for those. A resource public only between two commits of the same instant
cannot be missed: it became public by a commit, and that commit's generation announces it.
"""

from django.db import transaction

from .models import AnnouncedResource, AnnouncedUpTo

# Entries read at a time.
BATCH = 1000


def announce_new_entries(now=None):
    """Record every resource the log's entries since the last call name that readers may see now."""
    from .changes import states

    with transaction.atomic():
        mark, _created = AnnouncedUpTo.objects.select_for_update().get_or_create(pk=1)
        after = mark.entry_id
        while True:
            changes, last, more = states(after, BATCH, now)
            AnnouncedResource.objects.bulk_create(
                [AnnouncedResource(kind=change.kind, resource_id=change.id) for change in changes
                 if change.change == "upserted"], ignore_conflicts=True, batch_size=500)
            after = last
            if not more:
                break
        if after != mark.entry_id:
            AnnouncedUpTo.objects.filter(pk=1).update(entry_id=after)


def announced_up_to():
    """The last log entry read for announcements (0 before the first)."""
    return AnnouncedUpTo.objects.filter(pk=1).values_list("entry_id", flat=True).first() or 0


def announced(pairs):
    """Of ``pairs`` ((kind, id) of resources), those readers could see at some moment."""
    found, by_kind = set(), {}
    for kind, pk in pairs:
        by_kind.setdefault(kind, []).append(pk)
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), 2000):
            found.update((kind, pk) for pk in AnnouncedResource.objects.filter(
                kind=kind, resource_id__in=ids[start:start + 2000]).values_list("resource_id", flat=True))
    return found


def _generation_started(sender, **kwargs):
    announce_new_entries()
