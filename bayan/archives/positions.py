"""Reading an archive by position: its size, and any page of it, in one small indexed query.

The statements archive pages and feeds run are written in SQL here rather than
built by the ORM: building them costs more than running them, and they run on
every uncached reader page. They read ``archives_listingentry`` and the columns
a listing item or a feed item shows; a page told which posts it will show reads
them with the archive's bounds (``ArchivePosts.expect``).
"""

from dataclasses import dataclass
from functools import lru_cache
from uuid import UUID

from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from bayan.addresses import category_address, post_address
from bayan.database import PreparedLookup, read_datetime, reading_connection
from bayan.newsroom.models import Category, PostPage
from bayan.pagecache.invalidation import TOKEN_UNLESS_DUE, token_hex

from .models import Listing, ListingEntry

# The highest position an entry can hold (``ListingEntry.position`` is a 32-bit integer).
MAX_POSITION = 2**31 - 1
# The listing is found apart, as a value: joined, PostgreSQL sorted every entry of the listing (4,000 for a
# home page) rather than read the first one backwards along (listing, date, position), 1.3 ms against 0.1.
_LISTING_BY_SUBJECT = f"""(
        SELECT listing.id FROM {Listing._meta.db_table} listing
        WHERE listing.language = %s AND listing.kind = %s AND listing.subject_id = %s
    )"""


def _newest(columns, dated="<="):
    """``columns`` of the newest visible entry of the listing found by (language, kind, subject), dated by the
    moment (``dated`` "<=") or before it ("<": a period's end)."""
    return f"""
    SELECT {columns} FROM {ListingEntry._meta.db_table} entry
    WHERE entry.listing_id = {_LISTING_BY_SUBJECT}
      AND entry.position IS NOT NULL AND entry.date {dated} %s
    ORDER BY entry.date DESC, entry.position DESC LIMIT 1
"""


def _oldest_since(listing):
    """The position of the oldest entry of the listing ``listing`` (an SQL expression) dated at or after a moment:
    where a period starts, positions being numbered by date."""
    return f"""
    SELECT since.position FROM {ListingEntry._meta.db_table} since
    WHERE since.listing_id = {listing} AND since.position IS NOT NULL AND since.date >= %s
    ORDER BY since.date, since.position LIMIT 1
"""


NEWEST = _newest("entry.listing_id, entry.position")
NEWEST_BEFORE = _newest("entry.listing_id, entry.position", "<")
# Another listing's size (its newest visible position, NULL when it has none) as a column of a page's statement.
NEWEST_POSITION = f"({_newest('entry.position')})"
# Another listing's period as two columns: its newest position before the period's end, its oldest since its start.
PERIOD_POSITIONS = f"({_newest('entry.position', '<')}), ({_oldest_since(_LISTING_BY_SUBJECT)})"
OLDEST_SINCE = _oldest_since("%s")
# What a listing item shows of a post, and what a feed shows, read from the entries of one listing. Listed posts
# are live; the check keeps a post hidden should an entry ever outlive its publication.
_ITEM_COLUMNS = """page.slug, post.date, post.listing_title, post.listing_excerpt, category.name, category.slug,
           category_locale.language_code"""
_FEED_COLUMNS = """page.id, page.translation_key, page.title, page.slug, post.date, page.last_published_at,
           post.listing_excerpt, post.category_id, category.name"""


def _post_joins(joined):
    """The post and its page, joined to an entry (``joined`` is "JOIN" or "LEFT JOIN")."""
    return f"""
    {joined} {PostPage._meta.db_table} post ON post.page_ptr_id = entry.post_id
    {joined} {Page._meta.db_table} page ON page.id = entry.post_id"""


_CATEGORY_JOIN = f"LEFT JOIN {Category._meta.db_table} category ON category.id = post.category_id"
_CATEGORY_LOCALE_JOIN = f"LEFT JOIN {Locale._meta.db_table} category_locale ON category_locale.id = category.locale_id"
_ITEM_CATEGORY_JOINS = f"{_CATEGORY_JOIN}\n    {_CATEGORY_LOCALE_JOIN}"
# Newest first; in a feed, as feeds have always listed them: by date, then the newest id.
_ITEMS_ORDER, _FEED_ORDER = "entry.position DESC", "post.date DESC, page.id DESC"


def _items(columns, category_joins, order):
    """The items between two positions of a known listing."""
    return f"""
    SELECT {columns} FROM {ListingEntry._meta.db_table} entry{_post_joins("JOIN")}
    {category_joins}
    WHERE entry.listing_id = %s AND entry.position BETWEEN %s AND %s AND page.live
    ORDER BY {order}
"""


def _items_with_bounds(columns, category_joins, order, counted=(), period=False):
    """The newest visible position of a listing found by its subject, and the items from ``%s`` to ``%s``
    places below it, in one statement: every archive page and feed would otherwise wait for one round trip to
    learn the position before it could ask for the items. Every row starts with the listing id, the newest
    position, whether the row holds a live post, and the content generation's token (``TOKEN_UNLESS_DUE``,
    given the same moment: the page's chrome needs it, and a statement of its own cost more than
    this one on PostgreSQL); for a ``period`` (a year or a month), then the position where it starts (NULL when
    nothing is dated since its start); then the sizes of the other listings ``counted`` names, one column for a
    whole listing (``NEWEST_POSITION``), two for a period (``PERIOD_POSITIONS``): the page's counterparts in the
    other languages, which its language switcher links; then the item. An archive with nothing visible gives no
    row, one with posts but none in that range a row without an item.

    The joins are outer joins of the tables themselves, not of a subquery: SQLite would build such a subquery
    for every post before joining it."""
    sizes = "".join(f"{PERIOD_POSITIONS if is_period else NEWEST_POSITION}, " for is_period in counted)
    if period:
        since = _oldest_since("newest.listing_id")
        edges = f"""WITH newest AS ({NEWEST_BEFORE}),
    edges AS (SELECT newest.listing_id, newest.position, ({since}) AS oldest FROM newest)"""
        source, oldest, in_period = "edges", "edges.oldest, ", " AND entry.position >= edges.oldest"
    else:
        edges, source, oldest, in_period = f"WITH newest AS ({NEWEST})", "newest", "", ""
    return f"""
    {edges}
    SELECT {source}.listing_id, {source}.position, page.live, {TOKEN_UNLESS_DUE}, {oldest}{sizes}{columns}
    FROM {source}
    LEFT JOIN {ListingEntry._meta.db_table} entry ON entry.listing_id = {source}.listing_id
          AND entry.position BETWEEN {source}.position - %s AND {source}.position - %s{in_period}
    {_post_joins("LEFT JOIN")}
    {category_joins}
    ORDER BY {order}
"""


ITEMS = _items(_ITEM_COLUMNS, _ITEM_CATEGORY_JOINS, _ITEMS_ORDER)
FEED_ITEMS = _items(_FEED_COLUMNS, _CATEGORY_JOIN, _FEED_ORDER)


@lru_cache
def items_with_bounds(feed, counted, period=False):
    """The statement of ``_items_with_bounds`` for listing items, or feed items with ``feed``, of a whole listing or
    a ``period`` of one, counting other listings (``counted``: for each, whether it is a period)."""
    if feed:
        return _items_with_bounds(_FEED_COLUMNS, _CATEGORY_JOIN, _FEED_ORDER, counted, period)
    return _items_with_bounds(_ITEM_COLUMNS, _ITEM_CATEGORY_JOINS, _ITEMS_ORDER, counted, period)
# Where the generation's token is in a row of a statement with bounds; what follows it is read in order.
_TOKEN_AT = 3


@dataclass(frozen=True)
class CategoryLink:
    name: str
    reader_path: str


@dataclass(frozen=True)
class ListingItem:
    """What an archive shows of a post: its shortened title and excerpt, date, category and address."""

    reader_path: str
    date: object
    listing_title: str
    listing_excerpt: str
    category: CategoryLink | None


@dataclass(frozen=True)
class FeedCategory:
    name: str


@dataclass
class FeedItem:
    """What a feed shows of a post, read as plain values: building a page model for each of a feed's posts
    cost more than the rest of the feed. It answers what ``ArchiveFeed`` asks of a post."""

    pk: int
    translation_key: object
    title: str
    slug: str
    language: str
    date: object
    last_published_at: object
    listing_excerpt: str
    category_id: int | None
    category: FeedCategory | None

    def reader_path(self):
        return post_address(self.language, self.slug)


def posts_between(queryset):
    """A lookup of ``queryset``'s live posts between two positions of a listing, newest first, compiled once:
    an archive's slices are read through it (``ArchivePosts.read_through``) on every sitemap page."""
    return PreparedLookup(
        lambda listing, lowest, highest: queryset.live().filter(
            listing_entries__listing_id=listing, listing_entries__position__gte=lowest,
            listing_entries__position__lte=highest,
        ).order_by("-date", "-id"),
        names=("listing", "lowest", "highest"), numbers=("listing", "lowest", "highest"),
    )


def _stored(moment):
    return connection.ops.adapt_datetimefield_value(moment)


class ArchivePosts:
    """The posts of one archive, newest first, as a sequence Django's paginator can count and slice.

    ``start`` and ``end`` narrow it to a period (``end`` excluded). Posts dated in
    the future stay out until their date comes. The bounds are read once: one
    query for the newest visible position, one more for a period's oldest; an archive told which
    posts will be read (``expect``) reads them with its bounds (a period's both), in the same query.
    Slices are ``ListingItem``s, or posts read through ``lookup`` (``posts_between``) when one is given.
    """

    def __init__(self, language, kind, subject_id=0, start=None, end=None, lookup=None):
        self.language, self.kind, self.subject_id = language, kind, subject_id
        self.start, self.end = start, end
        self.lookup = lookup
        self._bounds = None
        self._expected = None
        # The size read for this archive by another's statement (``expect``'s ``counted``), until its bounds are read.
        self._known_count = None
        # ((feed?, lowest position, highest position), rows) read with the bounds.
        self._read_ahead = (None, None)
        # The content generation's token (hex) read with the bounds and items; None when none was read, or it had
        # come due.
        self.generation_token = None

    def read_through(self, lookup):
        """The same posts as model instances read through ``lookup`` (``posts_between``: other fields or relations)."""
        copy = ArchivePosts(self.language, self.kind, self.subject_id, self.start, self.end, lookup)
        copy._bounds = self._bounds
        return copy

    def expect(self, first, stop, feed=False, counted=()):
        """Say that the ``first``-th to the ``stop``-th newest posts will be read, as listing items or, with
        ``feed``, as feed items: unless the bounds are known already, the query that reads them reads those
        posts too, and the archive page or feed that reads them waits for one round trip instead of two. The
        sizes of the ``counted`` archives (``ArchivePosts`` of whole listings or periods: a page's counterparts in
        other languages) are read in the same statement."""
        counted = tuple(other for other in counted if other._is_period() is not None and other._bounds is None)
        self._expected = (max(first, 0), stop, feed, counted)

    def _is_period(self):
        """Whether this is a period of its listing (a year, a month); None for bounds no single statement reads
        (one end of a period without the other)."""
        if (self.start is None) != (self.end is None):
            return None
        return self.start is not None

    def bounds(self):
        """(listing id, lowest position, highest position) of the visible posts; (None, 1, 0) when there are none."""
        if self._bounds is None:
            if self._expected is not None and self._is_period() is not None and self.lookup is None:
                self._read_bounds_and_expected()
            else:
                self._read_bounds()
        return self._bounds

    def _edge_parameters(self, now, counted=False):
        """The values of this archive's edges in a statement with bounds: its listing, the moment its newest
        post may be dated by (before, for a period), and a period's start, after its listing again when
        ``counted`` (``PERIOD_POSITIONS`` finds the listing once for each edge)."""
        listing = [self.language, self.kind, self.subject_id]
        if not self._is_period():
            return [*listing, _stored(now)]
        return [*listing, _stored(min(now, self.end)), *(listing if counted else ()), _stored(self.start)]

    def _read_bounds(self):
        upper = timezone.now() if self.end is None else min(timezone.now(), self.end)
        newest = NEWEST if self.end is None else NEWEST.replace("entry.date <= %s", "entry.date < %s")
        with reading_connection().cursor() as cursor:
            cursor.execute(newest, [self.language, self.kind, self.subject_id, _stored(upper)])
            found = cursor.fetchone()
            if found is None:
                self._bounds = (None, 1, 0)
                return
            listing_id, high = found
            low = 1
            if self.start is not None:
                cursor.execute(OLDEST_SINCE, [listing_id, _stored(self.start)])
                oldest = cursor.fetchone()
                low = oldest[0] if oldest else high + 1
        self._bounds = (listing_id, low, high)

    def _read_bounds_and_expected(self):
        first, stop, feed, counted = self._expected
        now = timezone.now()
        period = self._is_period()
        parameters = self._edge_parameters(now)
        # A whole listing's newest edge and the token are both dated by now: the token's moment follows.
        parameters.append(_stored(now))
        for other in counted:
            parameters += other._edge_parameters(now, counted=True)
        statement = items_with_bounds(feed, tuple(other._is_period() for other in counted), period)
        with reading_connection().cursor() as cursor:
            cursor.execute(statement, [*parameters, stop - 1, first])
            rows = cursor.fetchall()
        if not rows:
            self._bounds = (None, 1, 0)
            return
        row = rows[0]
        self.generation_token = token_hex(row[_TOKEN_AT])
        place = _TOKEN_AT + 1
        high, low = row[1], 1
        # An archive's positions run from 1 (its oldest entry) without a gap, so the newest is also the count; a
        # period's run from where it starts.
        if period:
            low = row[place] if row[place] is not None else high + 1
            place += 1
        self._bounds = (row[0], low, high)
        for other in counted:
            if other._is_period():
                newest, oldest = row[place], row[place + 1]
                other._known_count = max(0, newest - oldest + 1) if None not in (newest, oldest) else 0
                place += 2
            else:
                other._known_count = row[place] or 0
                place += 1
        _listing_id, lowest, highest = self._positions(first, stop)
        self._read_ahead = ((feed, lowest, highest), [found[place:] for found in rows if found[2]])

    def _rows(self, feed, listing_id, lowest, highest):
        """The rows of the posts between two positions: those read with the bounds when they are these."""
        key, rows = self._read_ahead
        if key == (feed, lowest, highest):
            return rows
        with reading_connection().cursor() as cursor:
            cursor.execute(FEED_ITEMS if feed else ITEMS, [listing_id, lowest, highest])
            return cursor.fetchall()

    def count(self):
        if self._bounds is None and self._known_count is not None:
            return self._known_count
        _listing_id, low, high = self.bounds()
        return max(0, high - low + 1)

    __len__ = count

    def exists(self):
        return self.count() > 0

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("archive posts are read in slices")
        return self.between(index.start or 0, self.count() if index.stop is None else index.stop)

    def _positions(self, first, stop):
        """(listing id, lowest position, highest position) of the ``first``-th to the ``stop``-th newest posts;
        a listing id of None when there are none."""
        listing_id, low, high = self.bounds()
        first, stop = max(first, 0), min(stop, self.count())
        if listing_id is None or first >= stop:
            return None, 0, -1
        return listing_id, max(low, high - stop + 1), high - first

    def newest_for_feed(self, count):
        """The ``count`` newest posts as ``FeedItem``s, newest first."""
        if self._bounds is None:
            self.expect(0, count, feed=True)
        listing_id, lowest, highest = self._positions(0, count)
        if listing_id is None:
            return []
        return [
            FeedItem(pk, key if isinstance(key, UUID) else UUID(key), title, slug, self.language, read_datetime(date),
                     read_datetime(updated) if updated is not None else None, excerpt, category_id,
                     FeedCategory(category_name) if category_id is not None else None)
            for pk, key, title, slug, date, updated, excerpt, category_id, category_name
            in self._rows(True, listing_id, lowest, highest)
        ]

    def between(self, first, stop):
        """The posts from the ``first``-th newest up to, not including, the ``stop``-th, newest first."""
        listing_id, lowest, highest = self._positions(first, stop)
        if listing_id is None:
            return []
        if self.lookup is not None:
            return self.lookup.all(listing=listing_id, lowest=lowest, highest=highest)
        return [
            ListingItem(
                reader_path=post_address(self.language, slug),
                date=read_datetime(date),
                listing_title=title,
                listing_excerpt=excerpt,
                category=CategoryLink(category_name, category_address(category_language, category_slug))
                if category_name is not None else None,
            )
            for slug, date, title, excerpt, category_name, category_slug, category_language
            in self._rows(False, listing_id, lowest, highest)
        ]
