"""What the open data API may show of each resource: the readers' rule, per resource type, in one place.

Every operation, the changes feed and the snapshot read their rows through ``public(kind)``, so
nothing the site hides (drafts, embargoed and restricted posts, internal persons and their
events, internal organisations, pending signatures, statements none of whose posts readers may
see) can be returned, counted or reported as changed. Tags, categories and authors are public
while their archive lists a post readers may see (a category's lists its subcategories' posts
too): a tag made for an embargoed post stays unknown.
"""

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page

from bayan.archives.archive import entries_readers_see
from bayan.archives.models import Listing, ListingEntry
from bayan.cases.models import Event, Person
from bayan.database import reading_connection
from bayan.newsroom.models import Author, Category, PostPage, Tag
from bayan.statements.models import Organisation, Statement

KINDS = ("post", "tag", "category", "author", "person", "event", "organisation", "statement")
# Resources public while their archive lists something: the archives' entries keep that, per listing.
ARCHIVED = {"tag": Tag, "category": Category, "author": Author}


def _archived(kind, now=None):
    """Ids of the tags, categories or authors whose archive lists a post readers may see (in any language)."""
    listed = entries_readers_see(now).filter(listing_id=OuterRef("pk"))
    return Listing.objects.filter(kind=kind).filter(Exists(listed)).values("subject_id")


def archive_counts(kind, ids, now=None):
    """``{id: posts readers may see that its archive lists}`` for these tags, categories or authors.

    An author's archives (one per language) are added up.
    """
    rows = (entries_readers_see(now).filter(listing__kind=kind, listing__subject_id__in=list(ids))
            .values("listing__subject_id").annotate(count=Count("id")))
    return {row["listing__subject_id"]: row["count"] for row in rows}


def visible_posts(now=None):
    """Posts readers may see now (the newsroom's one rule)."""
    return PostPage.objects.visible_to_readers(now)


def public(kind, now=None):
    """The queryset of the resources of ``kind`` that readers may see now."""
    if kind == "post":
        return visible_posts(now)
    if kind in ARCHIVED:
        return ARCHIVED[kind].objects.filter(pk__in=_archived(kind, now))
    if kind == "person":
        return Person.objects.visible_to_readers()
    if kind == "event":
        return Event.objects.visible_to_readers()
    if kind == "organisation":
        return Organisation.objects.visible_to_readers()
    if kind == "statement":
        return Statement.objects.filter(translation_key__in=visible_posts(now).values("translation_key"))
    raise ValueError(f"no resource kind {kind!r}")


def public_ids(kind, ids, now=None):
    """Of ``ids`` (resources of ``kind``), those readers may see now (asked in slices the databases accept)."""
    ids, found = sorted(ids), set()
    for start in range(0, len(ids), 2000):
        found |= set(public(kind, now).filter(pk__in=ids[start:start + 2000]).values_list("pk", flat=True))
    return found


# The newest posts readers may see, read from the archives' listing entries (the stored copy of
# the readers' rule, which the archives and the mirror read too): an index range per listing
# instead of the rule asked of every post. One listing at a time, so that its index gives the
# order; a language's listings are merged here.
_LISTED = f"""
    SELECT entry.date, entry.post_id FROM {ListingEntry._meta.db_table} entry
    JOIN {Page._meta.db_table} page ON page.id = entry.post_id
    WHERE entry.listing_id = %s AND entry.position IS NOT NULL AND entry.date <= %s AND page.live {{after}}
    ORDER BY entry.date DESC, entry.post_id DESC LIMIT %s
"""


def listed_post_ids(limit, language=None, tag=None, after=None, now=None):
    """Ids of up to ``limit`` posts readers may see, newest first (date, then id), after ``after`` (date, id).

    All of them, or one language's, or one tag's: what the archives list.
    """
    stored = connection.ops.adapt_datetimefield_value
    chosen, chosen_parameters = "kind = %s", [Listing.HOME]
    if tag is not None:
        chosen, chosen_parameters = "kind = %s AND subject_id = %s", [Listing.TAG, tag]
    if language:
        chosen, chosen_parameters = chosen + " AND language = %s", [*chosen_parameters, language]
    after_clause, after_parameters = "", []
    if after is not None:
        after_clause = "AND (entry.date < %s OR (entry.date = %s AND entry.post_id < %s))"
        after_parameters = [stored(after[0]), stored(after[0]), after[1]]
    rows = []
    with reading_connection().cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Listing._meta.db_table} WHERE {chosen}", chosen_parameters)
        for (listing_id,) in cursor.fetchall():
            cursor.execute(_LISTED.format(after=after_clause),
                           [listing_id, stored(now or timezone.now()), *after_parameters, limit])
            rows += cursor.fetchall()
    rows.sort(reverse=True)
    return [post_id for _date, post_id in rows[:limit]]
