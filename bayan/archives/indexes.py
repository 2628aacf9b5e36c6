"""What the index pages list: subjects with their counts, and the months and years that have posts.

Every count follows the one rule through the listing entries: an entry counts when it
is numbered and dated now or earlier, so drafts, embargoed and unlisted posts change
nothing here. Names are sorted with the language's collation (``collation.py``).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from bayan.addresses import address_in
from bayan.database import read_datetime, reading_connection
from bayan.newsroom.models import Author, Category, author_name_in
from bayan.pagecache.held import HeldPerGeneration

from . import archive as archives
from .collation import sorted_by_name
from .models import Listing, ListingEntry


class IndexRow(NamedTuple):
    """A subject as an index lists it: its name, its archive's address and its number of visible posts.

    The address is found here, once per content generation, rather than by the template for each of
    a few hundred rows on every request (most of the tag index's time).
    """

    name: str
    path: str
    post_count: int


def _index_rows(rows, language, route):
    return [IndexRow(row["name"], address_in(language, route, (("slug", row["slug"]),)), row["post_count"])
            for row in sorted_by_name(rows, language)]


def tag_index_rows(language):
    """The language's tags in use (``IndexRow``), with their counts, in the language's collation."""
    return _index_rows(archives.tag_counts(language), language, "archives:tag")


def author_index_rows(language):
    """Every author with visible posts in ``language`` (``IndexRow``): name there, address and count, in
    collation order."""
    authors = (
        archives.subjects_in_use(language, Author, Listing.AUTHOR)
        .annotate(name_here=author_name_in(language))
        .values("name_here", "slug", "post_count")
    )
    rows = [{"name": row["name_here"], "slug": row["slug"], "post_count": row["post_count"]} for row in authors]
    return _index_rows(rows, language, "archives:author")


@dataclass
class CategoryNode:
    """A category in the index, with the subcategories that are listed too."""

    name: str
    slug: str
    post_count: int
    children: list = field(default_factory=list)


def category_tree(language):
    """The language's categories with visible posts, as a tree of ``CategoryNode``, each level in collation order.

    A category's count includes its subcategories' posts, as its archive lists them; a
    subcategory whose parent is not listed stands at the top level.
    """
    rows = list(
        archives.subjects_in_use(language, Category, Listing.CATEGORY)
        .filter(locale__language_code=language)
        .values("pk", "parent_id", "name", "slug", "post_count")
    )
    nodes = {row["pk"]: CategoryNode(row["name"], row["slug"], row["post_count"]) for row in rows}
    roots = []
    for row in sorted_by_name(rows, language):
        node = nodes[row["pk"]]
        parent = nodes.get(row["parent_id"])
        (parent.children if parent is not None else roots).append(node)
    return roots


# An index reads the newest entry of every subject's listing and sorts the names in the language's collation,
# the same for every reader until something a reader could see changes: it is done once per content generation,
# as the months are, not on every request.
_held_index_rows = HeldPerGeneration(lambda rows, language: tuple(rows(language)))


def index_rows(request, rows, language):
    """``rows(language)`` (``tag_index_rows``, ``author_index_rows`` or ``category_tree``), held per content
    generation; shared by every request of the process, so read, never changed."""
    return _held_index_rows.get(request, rows, language)


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    post_count: int


# The entries readers see (``entries_readers_see``): numbered, dated by now, their post live.
_HOME_DATES = f"""
    SELECT entry.date FROM {ListingEntry._meta.db_table} entry
    JOIN {Listing._meta.db_table} listing ON listing.id = entry.listing_id
    JOIN {Page._meta.db_table} page ON page.id = entry.post_id
    WHERE listing.language = %s AND listing.kind = %s AND listing.subject_id = 0
      AND entry.position IS NOT NULL AND entry.date <= %s AND page.live
"""


def _months_with_posts(language):
    """Each month with posts a reader may see in ``language``, newest first, with its count.

    The dates are read and placed in the site's months here: SQLite extracts a year or a month
    in the current time zone through a Python function called per row, three times slower.
    """
    zone = timezone.get_current_timezone()
    counts = Counter()
    with reading_connection().cursor() as cursor:
        cursor.execute(_HOME_DATES, [language, Listing.HOME, connection.ops.adapt_datetimefield_value(timezone.now())])
        for (date,) in cursor.fetchall():
            local = read_datetime(date).astimezone(zone)
            counts[(local.year, local.month)] += 1
    return tuple(MonthCount(year, month, count) for (year, month), count in sorted(counts.items(), reverse=True))


def _months_and_year_links(language):
    months = _months_with_posts(language)
    years = dict.fromkeys(month.year for month in months)
    return months, tuple(DateLink(str(year), archives.year_archive(language, year).url(), None) for year in years)


# Counting a language's posts by month reads every entry of its home listing: it is done
# once per content generation (which also moves on when an embargoed post comes due), with
# the links to the years, which every home and date archive page shows.
_held_months = HeldPerGeneration(_months_and_year_links)


def months_with_posts(request, language):
    """The months with posts in ``language``, newest first (``MonthCount``), held per content generation."""
    return _held_months.get(request, language)[0]


def year_links(request, language):
    """A link to each year with posts in ``language``, newest first (``DateLink``), held per content generation."""
    return list(_held_months.get(request, language)[1])


def months_of_year(request, language, year):
    """The months of ``year`` with posts in ``language``, oldest first, as on a calendar."""
    return [month for month in reversed(months_with_posts(request, language)) if month.year == year]


def neighbouring_months(request, language, year, month):
    """The nearest earlier and later months with posts in ``language`` (``MonthCount`` or None each)."""
    earlier = later = None
    for candidate in months_with_posts(request, language):
        if (candidate.year, candidate.month) > (year, month):
            later = candidate
        elif (candidate.year, candidate.month) < (year, month):
            earlier = candidate
            break
    return earlier, later


@dataclass(frozen=True)
class DateLink:
    title: str
    url: str
    post_count: int | None  # None for a year: years are linked without counts (date_navigation.html says why)


def _month_link(language, month):
    period = archives.month_archive(language, month.year, month.month)
    return DateLink(period.title, period.url(), month.post_count)


def date_navigation(request, archive):
    """The date links an archive page shows: a year's months, a month's neighbours, the years by the home page.

    Returns a dict with ``months`` (a year archive's months), ``earlier`` and ``later`` (a month
    archive's neighbours) and ``years`` (every year with posts, on the home page and the
    date archives), each empty or None where it does not apply.
    """
    language = archive.language
    navigation = {"months": [], "earlier": None, "later": None, "years": []}
    if archive.kind not in ("home", "year", "month"):
        return navigation
    navigation["years"] = year_links(request, language)
    if archive.kind == "year":
        year = int(archive.url_kwargs["year"])
        navigation["months"] = [_month_link(language, month) for month in months_of_year(request, language, year)]
    elif archive.kind == "month":
        earlier, later = neighbouring_months(
            request, language, int(archive.url_kwargs["year"]), int(archive.url_kwargs["month"]))
        navigation["earlier"] = earlier and _month_link(language, earlier)
        navigation["later"] = later and _month_link(language, later)
    return navigation
