"""What a sync must redo: the change log since the mirror's last run, and what each archive page now lists.

A sync follows the one change log (``pagecache.ContentChange``) from the entry after the
last one it applied. Entries that name a post (the post, its tags, its persons) make that post
and its translations be rendered again; any other entry (a menu, the site's name, a person,
an organisation, a bulk rewrite) may show on every page, so the whole site is rendered again.
Two things change with no entry at all: a post dated in the future comes into view, and the
day changes. The first shows as a post that is visible now and was not at the last run
(``visible_posts``); the second only moves anniversaries and "days since" sentences, which a
daily full render (the daily re-signing) takes care of.

Archive pages are compared by what they list (``archive_pages``): each page's fingerprint is
the posts on it with their last publication time, and how many pages the archive has, so a
new post on a tag of 500 posts makes every page of that tag differ, and nothing else.
"""

import hashlib
from collections import defaultdict

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from bayan.addresses import address_in, post_address, slug_address
from bayan.archives.archive import listed_post_ids
from bayan.archives.models import Listing, ListingEntry
from bayan.newsroom.models import Author, Category, PostPage, Tag
from bayan.pagecache.models import ContentChange

# Entries that only follow a post's change (their post is named) or that no page shows.
POST_ROWS = {"newsroom.postpage", "wagtailcore.page"}
SUBJECT_ROUTES = {Listing.TAG: "archives:tag", Listing.CATEGORY: "archives:category", Listing.AUTHOR: "archives:author"}
SUBJECT_MODELS = {Listing.TAG: Tag, Listing.CATEGORY: Category, Listing.AUTHOR: Author}


def last_change_id():
    """The newest entry of the change log (0 when empty)."""
    return ContentChange.objects.aggregate(newest=Max("id"))["newest"] or 0


def read_log(after_id, up_to_id):
    """``(post ids, site-wide reasons)`` of the log entries in (after_id, up_to_id]."""
    post_ids, site_wide = set(), set()
    entries = ContentChange.objects.filter(id__gt=after_id, id__lte=up_to_id).values_list("model", "post_id")
    for model, post_id in entries.iterator(chunk_size=2000):
        if post_id is not None:
            post_ids.add(post_id)
        elif model not in POST_ROWS:
            site_wide.add(model)
    return post_ids, site_wide


def visible_posts(now=None):
    """``{post id: [address, last published, translation key]}`` of every post readers may see."""
    rows = (PostPage.objects.filter(pk__in=listed_post_ids(now))
            .values_list("pk", "slug", "locale__language_code", "last_published_at", "date", "translation_key"))
    return {str(pk): [post_address(language, slug), (published or date).isoformat(), str(key)]
            for pk, slug, language, published, date, key in rows.iterator(chunk_size=5000)}


def _fingerprint(items, pages):
    text = f"{pages}|" + ";".join(f"{post_id}@{stamp}" for post_id, stamp in items)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _pages(address, items, per_page, feeds=False):
    """``{page address: fingerprint}`` of one archive listing ``items`` newest first (and of its feeds).

    A feed lists the newest ``BAYAN_FEED_ITEMS`` posts, more or fewer than a page holds: it has
    a fingerprint of its own, under the RSS feed's address (the Atom feed follows it).
    """
    count = max(1, -(-len(items) // per_page))
    found = {}
    if feeds:
        found[f"{address}feed/"] = _fingerprint(items[:settings.BAYAN_FEED_ITEMS], 0)
    for number in range(1, count + 1):
        page_items = items[(number - 1) * per_page:number * per_page]
        found[address if number == 1 else f"{address}page/{number}/"] = _fingerprint(page_items, count)
    return found


def _subject_addresses(kind, ids, language):
    model = SUBJECT_MODELS[kind]
    slugs = dict(model.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return {pk: slug_address(language, SUBJECT_ROUTES[kind], slug) for pk, slug in slugs.items()}


def archive_pages(now=None):
    """``{address: fingerprint}`` of every page of every archive readers can open, in every language.

    Read from the listings' entries in one query; year and month archives from the home listing.
    """
    now = now or timezone.now()
    per_page = settings.BAYAN_ITEMS_PER_PAGE
    stamps = dict(PostPage.objects.live().values_list("pk", "last_published_at"))
    listings = {listing.pk: listing for listing in Listing.objects.all()}
    entries = defaultdict(list)
    rows = (ListingEntry.objects.filter(position__isnull=False, date__lte=now, post__live=True)
            .order_by("listing_id", "-date", "-position").values_list("listing_id", "post_id", "date"))
    for listing_id, post_id, date in rows.iterator(chunk_size=5000):
        stamp = stamps.get(post_id)
        entries[listing_id].append((post_id, stamp.isoformat() if stamp else "", date))
    found = {}
    subjects = defaultdict(set)
    for listing_id in entries:
        listing = listings[listing_id]
        if listing.kind != Listing.HOME:
            subjects[(listing.kind, listing.language)].add(listing.subject_id)
    addresses = {}
    for (kind, language), ids in subjects.items():
        for pk, address in _subject_addresses(kind, ids, language).items():
            addresses[(kind, language, pk)] = address
    for listing_id, items in entries.items():
        listing = listings[listing_id]
        if listing.kind == Listing.HOME:
            address = address_in(listing.language, "archives:home", ())
            found.update(_pages(address, [(post, stamp) for post, stamp, _date in items], per_page, feeds=True))
            found.update(_date_archives(listing.language, items, per_page))
        elif (listing.kind, listing.language, listing.subject_id) in addresses:
            address = addresses[(listing.kind, listing.language, listing.subject_id)]
            found.update(_pages(address, [(post, stamp) for post, stamp, _date in items], per_page, feeds=True))
    return found


def _date_archives(language, items, per_page):
    zone = timezone.get_default_timezone()
    years, months = defaultdict(list), defaultdict(list)
    for post_id, stamp, date in items:
        local = timezone.localtime(date, zone)
        years[local.year].append((post_id, stamp))
        months[(local.year, local.month)].append((post_id, stamp))
    found = {}
    for year, year_items in years.items():
        found.update(_pages(address_in(language, "archives:year", (("year", f"{year:04d}"),)), year_items, per_page))
    for (year, month), month_items in months.items():
        address = address_in(language, "archives:month", (("month", f"{month:02d}"), ("year", f"{year:04d}")))
        found.update(_pages(address, month_items, per_page))
    return found
