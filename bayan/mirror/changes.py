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
new post on a tag of 500 posts makes every page of that tag differ, and nothing else. The
pages of each language's posts sitemap are compared the same way.
"""

import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Locale, Page

from bayan.addresses import address_in, post_address, slug_address
from bayan.archives.models import Listing, ListingEntry
from bayan.archives.sitemaps import PostSitemap, section_address
from bayan.database import read_datetime
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


# Both statements below run on every sync over every post and every archive entry: written in SQL,
# they hand back dates as text (they are only compared) rather than as tens of thousands of
# converted datetimes, which was most of a sync's time on a large site. Only the homes' entries
# carry their date, which the year and month archives are made from.
VISIBLE_POSTS = f"""
    SELECT page.id, page.slug, locale.language_code,
           COALESCE(CAST(page.last_published_at AS TEXT), CAST(post.date AS TEXT)), page.translation_key
    FROM {ListingEntry._meta.db_table} entry
    JOIN {Listing._meta.db_table} listing ON listing.id = entry.listing_id
    JOIN {PostPage._meta.db_table} post ON post.page_ptr_id = entry.post_id
    JOIN {Page._meta.db_table} page ON page.id = entry.post_id
    JOIN {Locale._meta.db_table} locale ON locale.id = page.locale_id
    WHERE listing.kind = %s AND entry.position IS NOT NULL AND entry.date <= %s AND page.live
"""
# Every listed entry, each listing's newest first. Whether its post is live, and its last publication,
# come from ``VISIBLE_POSTS`` (read anyway): joined here, the posts' pages were read once per entry,
# two thirds of the statement's time. Ordered by the listings' own order, which the scan follows.
LISTED = f"""
    SELECT entry.listing_id, entry.post_id, CASE WHEN listing.kind = %s THEN entry.date END
    FROM {ListingEntry._meta.db_table} entry
    JOIN {Listing._meta.db_table} listing ON listing.id = entry.listing_id
    WHERE entry.position IS NOT NULL AND entry.date <= %s
    ORDER BY listing.id, entry.date DESC, entry.position DESC
"""


def _rows(statement, parameters):
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _stored(moment):
    return connection.ops.adapt_datetimefield_value(moment)


def visible_posts(now=None):
    """``{post id: [address, last published, translation key]}`` of every post readers may see.

    Read from the homes' listing entries, the stored copy of the readers' rule (as
    ``archives.archive.listed_post_ids``); the dates are the database's text of them.
    """
    rows = _rows(VISIBLE_POSTS, [Listing.HOME, _stored(now or timezone.now())])
    return {str(pk): [post_address(language, slug), stamp, str(key)] for pk, slug, language, stamp, key in rows}


def _fingerprint(marks, pages, alternates="", dates=""):
    """What a page (or feed) shows, digested: its posts' marks ("id@last publication") and what it links."""
    text = f"{pages}|{alternates}|{dates}|" + ";".join(marks)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _page_count(items, per_page):
    return max(1, -(-len(items) // per_page))


def _pages(address, items, per_page, feeds=False, counterparts=(), dates=""):
    """``{page address: fingerprint}`` of one archive listing ``items`` newest first (and of its feeds).

    A feed lists the newest ``BAYAN_FEED_ITEMS`` posts, more or fewer than a page holds: it has
    a fingerprint of its own, under the RSS feed's address (the Atom feed follows it). A page
    links the same archive in the other languages at the same page, or their last when they are
    shorter (``counterparts``: their languages and page counts), so those are in its fingerprint;
    so is what every page of the archive shows of the others by date (``dates``, see ``_date_archives``).
    """
    count = _page_count(items, per_page)
    found = {}
    if feeds:
        found[f"{address}feed/"] = _fingerprint(items[:settings.BAYAN_FEED_ITEMS], 0)
    for number in range(1, count + 1):
        page_items = items[(number - 1) * per_page:number * per_page]
        alternates = ",".join(f"{code}:{min(number, pages)}" for code, pages in counterparts)
        found[address if number == 1 else f"{address}page/{number}/"] = _fingerprint(page_items, count, alternates,
                                                                                     dates)
    return found


def _subjects(kind, ids, language):
    """``{id: (address, what it is in every language)}`` of one language's tags, categories or authors."""
    model = SUBJECT_MODELS[kind]
    if kind == Listing.AUTHOR:
        # An author is the same person in every language.
        rows = ((pk, slug, pk) for pk, slug in model.objects.filter(pk__in=ids).values_list("pk", "slug"))
    else:
        rows = model.objects.filter(pk__in=ids).values_list("pk", "slug", "translation_key")
    return {pk: (slug_address(language, SUBJECT_ROUTES[kind], slug), (kind, str(same))) for pk, slug, same in rows}


def archive_pages(now=None, posts=None):
    """``{address: fingerprint}`` of every page of every archive readers can open, in every language.

    Read from the listings' entries in one query; year and month archives from the home listing;
    ``posts`` is what ``visible_posts(now)`` gives (read here when not given). An archive is known
    across languages by what it is (the home, a year, a month, an author, a tag and its
    translations), so each page's fingerprint can hold its counterparts' lengths.
    """
    now = now or timezone.now()
    posts = visible_posts(now) if posts is None else posts
    # Each post's mark, made once: a post is on about ten archive pages at once.
    marks = {int(post_id): f"{post_id}@{stamp}" for post_id, (_address, stamp, _key) in posts.items()}
    per_page = settings.BAYAN_ITEMS_PER_PAGE
    listings = {listing.pk: listing for listing in Listing.objects.all()}
    entries = defaultdict(list)
    for listing_id, post_id, date in _rows(LISTED, [Listing.HOME, _stored(now)]):
        mark = marks.get(post_id)
        if mark is not None:  # else its post is not live
            entries[listing_id].append((mark, date))
    subject_ids = defaultdict(set)
    for listing_id in entries:
        listing = listings[listing_id]
        if listing.kind != Listing.HOME:
            subject_ids[(listing.kind, listing.language)].add(listing.subject_id)
    subjects = {}
    for (kind, language), ids in subject_ids.items():
        for pk, found in _subjects(kind, ids, language).items():
            subjects[(kind, language, pk)] = found
    # (what the archive is, its language, its address, its items newest first, whether it has feeds,
    # what its pages show of the other archives by date)
    archives = []
    homes = {code: [] for code, _name in settings.LANGUAGES}
    for listing_id, items in entries.items():
        listing = listings[listing_id]
        listed = [mark for mark, _date in items]
        if listing.kind == Listing.HOME:
            date_archives, years = _date_archives(listing.language, items)
            archives.append((("home",), listing.language, address_in(listing.language, "archives:home", ()),
                             listed, True, years))
            archives.extend(date_archives)
            homes[listing.language] = items
        elif (listing.kind, listing.language, listing.subject_id) in subjects:
            address, what = subjects[(listing.kind, listing.language, listing.subject_id)]
            archives.append((what, listing.language, address, listed, True, ""))
    counts = defaultdict(dict)
    for what, language, _address, listed, _feeds, _dates in archives:
        counts[what][language] = _page_count(listed, per_page)
    found = {}
    for what, language, address, listed, feeds, dates in archives:
        counterparts = sorted((code, pages) for code, pages in counts[what].items() if code != language)
        found.update(_pages(address, listed, per_page, feeds=feeds, counterparts=counterparts, dates=dates))
    for language, items in homes.items():
        found.update(_sitemap_pages(language, items))
    return found


def _date_archives(language, items):
    """The language's year and month archives, as ``archive_pages`` lists archives, and the home's date links.

    Every page of the home and of the date archives links each year with posts; a year's pages
    show its months with their counts of posts, a month's pages its neighbouring months
    (``archives.indexes.date_navigation``). A post that comes or goes elsewhere can change them,
    so they are part of those pages' fingerprints. Returns ``(archives, the home's date links)``.
    """
    zone = timezone.get_default_timezone()
    years, months = defaultdict(list), defaultdict(list)
    for mark, date in items:
        local = timezone.localtime(read_datetime(date), zone)
        years[local.year].append(mark)
        months[(local.year, local.month)].append(mark)
    year_links = ",".join(str(year) for year in sorted(years))
    in_order = sorted(months)
    months_shown = defaultdict(list)  # each year's months with their counts, as its pages list them
    for year, month in in_order:
        months_shown[year].append(f"{month}:{len(months[(year, month)])}")
    found = []
    for year, year_items in years.items():
        found.append((("year", year), language, address_in(language, "archives:year", (("year", f"{year:04d}"),)),
                      year_items, False, f"{year_links}|{','.join(months_shown[year])}"))
    for place, (year, month) in enumerate(in_order):
        month_items = months[(year, month)]
        earlier = in_order[place - 1] if place else None
        later = in_order[place + 1] if place + 1 < len(in_order) else None
        address = address_in(language, "archives:month", (("month", f"{month:02d}"), ("year", f"{year:04d}")))
        found.append((("month", year, month), language, address, month_items, False,
                      f"{year_links}|{earlier}|{later}"))
    return found, year_links


def _sitemap_pages(language, items):
    """``{address: fingerprint}`` of each page of the language's posts sitemap (oldest first, as it maps them).

    A page lists its posts' addresses and last publication, so an edit changes one page and a
    new post the last; the first page is there even when the language has no posts yet.
    """
    size = PostSitemap.limit
    oldest_first = [mark for mark, _date in reversed(items)]
    count = max(1, -(-len(oldest_first) // size))
    name = f"posts-{language}"
    return {section_address(name, number): _fingerprint(oldest_first[(number - 1) * size:number * size], count)
            for number in range(1, count + 1)}
