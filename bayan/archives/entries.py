"""Keeping every listing's entries and positions equal to what readers can see.

Any change that can move a post into or out of an archive (a publish,
unpublish, delete, a new view restriction, a category moved in the tree, the
newsroom's bulk ``posts_changed`` signal) refreshes the post's entries in the
same transaction: they are compared with what it should have, and the listings
that changed are renumbered from the earliest point that moved. A plain save
(code that edits a post without publishing it) and a view restriction lifted
are refreshed when the transaction commits, once however often the post was queued.
A post published today is the newest in its listings, so renumbering touches
only its own entry; a backdated post or a deletion renumbers what comes after it.

A long import wraps its work in ``numbering_deferred()``: entries are written
batch by batch and each listing is renumbered once, at the end.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from bayan.database import CommitQueue, delete_rows
from bayan.newsroom.models import Category, PostPage, TaggedPost, category_lineage
from bayan.newsroom.signals import content_rewritten

from .models import Listing, ListingEntry

CHUNK = 500


def wanted_listings(category_id, other_category_ids, tag_ids, author_ids, category_parents):
    """The (kind, subject id) of every listing a visible post belongs to, its language's home included.

    A post filed under a subcategory is listed in the parent categories' archives too.
    """
    wanted = {(Listing.HOME, 0)}
    wanted.update((Listing.TAG, tag_id) for tag_id in tag_ids)
    wanted.update((Listing.AUTHOR, author_id) for author_id in author_ids)
    for filed_under in [category_id, *other_category_ids]:
        if filed_under is not None:
            lineage = category_lineage(filed_under, category_parents)
            wanted.update((Listing.CATEGORY, lineage_id) for lineage_id in lineage)
    return wanted


def refresh(post_ids):
    """Bring the entries of these posts up to date and renumber the listings that changed."""
    post_ids = sorted(set(post_ids))
    # Saves of these posts queued earlier in the transaction are covered by this refresh.
    _pending.discard(post_ids)
    moved = {}
    for start in range(0, len(post_ids), CHUNK):
        with transaction.atomic():
            _refresh_chunk(post_ids[start:start + CHUNK], moved)
    renumber_from(moved)


def _related_ids(through, source, target, post_ids):
    related = {}
    for post_id, related_id in through.objects.filter(**{f"{source}__in": post_ids}).values_list(source, target):
        related.setdefault(post_id, []).append(related_id)
    return related


def _refresh_chunk(post_ids, moved):
    # Plain rows, not model instances: an import refreshes every post it writes.
    posts = (
        PostPage.objects.published().filter(pk__in=post_ids)
        .values_list("id", "date", "category_id", "locale__language_code")
    )
    tags = _related_ids(TaggedPost, "content_object_id", "tag_id", post_ids)
    authors = _related_ids(PostPage.authors.through, "postpage_id", "author_id", post_ids)
    also_filed = _related_ids(PostPage.other_categories.through, "postpage_id", "category_id", post_ids)
    category_parents = dict(Category.objects.values_list("id", "parent_id"))
    wanted = {}
    for post_id, date, category_id, language in posts:
        listings = wanted_listings(category_id, also_filed.get(post_id, ()), tags.get(post_id, ()),
                                   authors.get(post_id, ()), category_parents)
        for kind, subject_id in listings:
            wanted[(language, kind, subject_id, post_id)] = date
    listing_ids = _listing_ids({key[:3] for key in wanted})
    wanted = {(listing_ids[key[:3]], key[3]): date for key, date in wanted.items()}
    stale = []
    for entry_id, listing_id, post_id, date in ListingEntry.objects.filter(post_id__in=post_ids).values_list(
        "id", "listing_id", "post_id", "date"
    ):
        if wanted.get((listing_id, post_id)) == date:
            del wanted[(listing_id, post_id)]
        else:
            stale.append(entry_id)
            _mark(moved, listing_id, date, post_id)
    delete_rows(ListingEntry, "id", stale)
    fresh = []
    for (listing_id, post_id), date in wanted.items():
        fresh.append(ListingEntry(listing_id=listing_id, post_id=post_id, date=date))
        _mark(moved, listing_id, date, post_id)
    ListingEntry.objects.bulk_create(fresh, batch_size=CHUNK)


def _listing_ids(keys):
    """The ids of the listings (language, kind, subject id), created where missing."""
    found = {}
    wanted = set(keys)
    keys = list(keys)
    for start in range(0, len(keys), CHUNK):
        part = keys[start:start + CHUNK]
        subjects = {subject_id for _language, _kind, subject_id in part}
        for listing in Listing.objects.filter(subject_id__in=subjects):
            key = (listing.language, listing.kind, listing.subject_id)
            if key in wanted:
                found[key] = listing.pk
    missing = [Listing(language=language, kind=kind, subject_id=subject_id)
               for language, kind, subject_id in keys if (language, kind, subject_id) not in found]
    if missing:
        Listing.objects.bulk_create(missing, ignore_conflicts=True)
        for listing in Listing.objects.filter(subject_id__in={item.subject_id for item in missing}):
            found.setdefault((listing.language, listing.kind, listing.subject_id), listing.pk)
    return found


def _mark(moved, listing_id, date, post_id):
    """Remember the earliest (date, post id) at which ``listing_id``'s numbering is no longer right."""
    point = (date, post_id)
    if listing_id not in moved or point < moved[listing_id]:
        moved[listing_id] = point


def renumber_from(moved):
    """Renumber each listing from its earliest moved point on (entries before it keep their numbers)."""
    deferred = getattr(connection, "bayan_numbering_deferred", None)
    if deferred is not None:
        for listing_id, point in moved.items():
            _mark(deferred, listing_id, *point)
        return
    # In id order, so that two transactions renumbering the same listings wait for each other
    # instead of locking each other out.
    for listing_id, point in sorted(moved.items()):
        with transaction.atomic():
            _renumber(listing_id, point)
    if moved:
        # Numbered with SQL, after the posts' own change started a generation: archive pages
        # made in between showed the old numbering.
        content_rewritten.send(sender=ListingEntry)


def _renumber(listing_id, point):
    date, post_id = point
    table = ListingEntry._meta.db_table
    # On PostgreSQL, one renumbering of a listing at a time, each seeing what the one before it
    # committed (two editors publishing at once would otherwise number their posts alike).
    # The lock does not stop others adding entries meanwhile; SQLite has one writer anyway.
    list(Listing.objects.select_for_update(no_key=True).filter(pk=listing_id).values_list("pk"))
    stored_date = connection.ops.adapt_datetimefield_value(date)
    before = (
        ListingEntry.objects.filter(listing_id=listing_id, position__isnull=False, date__lte=date)
        .exclude(date=date, post_id__gte=post_id)
        .order_by("-date", "-position").values_list("position", flat=True).first()
    ) or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH ranked AS (
                SELECT id, ROW_NUMBER() OVER (ORDER BY date, post_id) AS rank FROM {table}
                WHERE listing_id = %s AND (date > %s OR (date = %s AND post_id >= %s))
            )
            UPDATE {table} SET position = ranked.rank + %s FROM ranked WHERE {table}.id = ranked.id
            """,
            [listing_id, stored_date, stored_date, post_id, before],
        )


def renumber_unnumbered():
    """Number the entries left without a position (by an import killed before it numbered them).

    Each listing is renumbered from its earliest such entry. Inside ``numbering_deferred()``
    this only notes the listings; they are numbered with everything else when the block ends.
    """
    moved = {
        listing_id: (earliest, 0)
        for listing_id, earliest in ListingEntry.objects.filter(position__isnull=True)
        .values_list("listing_id").annotate(earliest=Min("date")).values_list("listing_id", "earliest")
    }
    renumber_from(moved)


def rebuild(progress=None):
    """Write every listing's entries from scratch; returns the number of posts listed."""
    with transaction.atomic():
        delete_rows(ListingEntry)
    content_rewritten.send(sender=ListingEntry)
    ids = list(PostPage.objects.published().order_by("pk").values_list("pk", flat=True))
    with numbering_deferred():
        for start in range(0, len(ids), CHUNK * 4):
            refresh(ids[start:start + CHUNK * 4])
            if progress:
                progress(min(start + CHUNK * 4, len(ids)), len(ids))
    return len(ids)


@contextmanager
def numbering_deferred():
    """Write entries as posts change, but renumber each changed listing only once, on leaving the block.

    Also on leaving it through an error, so that what was committed before the error is numbered.
    """
    if getattr(connection, "bayan_numbering_deferred", None) is not None:
        yield
        return
    connection.bayan_numbering_deferred = moved = {}
    try:
        yield
    finally:
        connection.bayan_numbering_deferred = None
        renumber_from(moved)


_pending = CommitQueue("listing", refresh)


def queue(post_ids):
    """Refresh these posts' entries when the current transaction commits (once, however often queued)."""
    _pending.add(post_ids)


def posts_in_listing(kind, subject_id):
    """Ids of the posts listed under a tag, category or author in any language."""
    return ListingEntry.objects.filter(listing__kind=kind, listing__subject_id=subject_id).values_list(
        "post_id", flat=True)


def _on_post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


def _on_post_event(sender, instance, **kwargs):
    refresh([instance.pk])


def _on_post_deleting(sender, instance, **kwargs):
    instance.listings_left = {}
    for listing_id in ListingEntry.objects.filter(post_id=instance.pk).values_list("listing_id", flat=True):
        _mark(instance.listings_left, listing_id, instance.date, instance.pk)


def _on_post_deleted(sender, instance, **kwargs):
    # Its entries went with it (cascade); what came after it in each listing moves up one place.
    renumber_from(getattr(instance, "listings_left", {}))


def _restricted_posts(restriction):
    return PostPage.objects.descendant_of(restriction.page, inclusive=True).values_list("pk", flat=True)


def _on_restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(_restricted_posts(instance))


def _on_restriction_removed(sender, instance, **kwargs):
    # At commit, not now: the restriction may be going because its page is being deleted, and
    # entries written now would point at a post the same deletion is about to remove.
    queue(_restricted_posts(instance))


def _on_category_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        instance.parent_before_save = (
            Category.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first())


def _on_category_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created or getattr(instance, "parent_before_save", instance.parent_id) == instance.parent_id:
        return
    # The category's posts (its subcategories' included) leave its old parents' archives for the new ones'.
    refresh(posts_in_listing(Listing.CATEGORY, instance.pk))


def _on_category_deleting(sender, instance, **kwargs):
    instance.listed_posts = list(posts_in_listing(Listing.CATEGORY, instance.pk))


def _on_category_deleted(sender, instance, **kwargs):
    Listing.objects.filter(kind=Listing.CATEGORY, subject_id=instance.pk).delete()
    refresh(getattr(instance, "listed_posts", []))


def _on_subject_deleted(kind):
    def handler(sender, instance, **kwargs):
        Listing.objects.filter(kind=kind, subject_id=instance.pk).delete()
    return handler


_on_tag_deleted = _on_subject_deleted(Listing.TAG)
_on_author_deleted = _on_subject_deleted(Listing.AUTHOR)


def _on_posts_changed(sender, post_ids=(), **kwargs):
    refresh(post_ids)


def connect():
    """Listen to every way a post can enter, leave or move within an archive."""
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    from bayan.newsroom.models import Author, Tag
    from bayan.newsroom.signals import posts_changed

    post_save.connect(_on_post_saved, sender=PostPage, dispatch_uid="listing-post-saved")
    page_published.connect(_on_post_event, sender=PostPage, dispatch_uid="listing-published")
    page_unpublished.connect(_on_post_event, sender=PostPage, dispatch_uid="listing-unpublished")
    pre_delete.connect(_on_post_deleting, sender=PostPage, dispatch_uid="listing-post-deleting")
    post_delete.connect(_on_post_deleted, sender=PostPage, dispatch_uid="listing-post-deleted")
    post_save.connect(_on_restriction_saved, sender=PageViewRestriction, dispatch_uid="listing-restriction-saved")
    post_delete.connect(_on_restriction_removed, sender=PageViewRestriction, dispatch_uid="listing-restriction-gone")
    pre_save.connect(_on_category_saving, sender=Category, dispatch_uid="listing-category-saving")
    post_save.connect(_on_category_saved, sender=Category, dispatch_uid="listing-category-saved")
    pre_delete.connect(_on_category_deleting, sender=Category, dispatch_uid="listing-category-deleting")
    post_delete.connect(_on_category_deleted, sender=Category, dispatch_uid="listing-category-deleted")
    post_delete.connect(_on_tag_deleted, sender=Tag, dispatch_uid="listing-tag-deleted")
    post_delete.connect(_on_author_deleted, sender=Author, dispatch_uid="listing-author-deleted")
    posts_changed.connect(_on_posts_changed, dispatch_uid="listing-bulk")
