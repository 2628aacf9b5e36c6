"""Where an export starts: the addresses the content model says readers can reach.

Each language's home and indexes, every address the sitemap lists (posts, archives, persons,
organisations: the sitemaps already apply the readers' rule), the sitemap itself, robots.txt,
the open-data files and the site's icons. Everything else a reader can reach from these (the
numbered pages of archives and indexes, feeds, date archives, images) is found in the rendered
pages' own links, so the mirror holds what readers can follow, and nothing the readers' rule
hides: a hidden page is linked from no public one.
"""

from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation

from bayan.addresses import address_in
from bayan.archives.sitemaps import section_address
from bayan.newsroom.models import PostPage
from bayan.statements.models import Statement

LANGUAGE_PAGES = ("archives:home", "archives:tag-index", "archives:category-index", "archives:author-index",
                  "archives:subscribe", "cases:person-index", "cases:anniversaries", "cases:anniversaries-calendar",
                  "statements:organisation-index", "search:search")
OPEN_DATA = ("cases-open-data-persons-csv", "cases-open-data-events-csv", "cases-open-data-persons-json",
             "cases-open-data-events-json", "statements-open-data-organisations")
ICONS = ("favicon", "apple-touch-icon", "icon-192", "icon-512")


def _sitemaps():
    """The project's sitemap sections, as the sitemap's own route is given them."""
    return resolve(reverse("sitemap-index")).kwargs["sitemaps"]


def sitemap_section_addresses(wanted=None):
    """The sitemap index and every page of each of its sections (those whose name ``wanted`` accepts, when given)."""
    found = [reverse("sitemap-index")]
    for name, sitemap in _sitemaps().items():
        if wanted is None or wanted(name):
            found.extend(section_address(name, page) for page in sitemap.paginator.page_range)
    return found


def sitemap_addresses():
    """The sitemap index, each page of its sections, and every address the sections list."""
    yield from sitemap_section_addresses()
    for name, sitemap in _sitemaps().items():
        language = name.rsplit("-", 1)[-1]
        with translation.override(language if language in dict(settings.LANGUAGES) else None):
            # Read page by page, as the sitemap itself is: long listings are read in slices.
            paginator = sitemap.paginator
            for number in paginator.page_range:
                for item in paginator.page(number).object_list:
                    yield sitemap.location(item)


def statement_data_addresses():
    """The open-data file of each joint statement, per post readers may see."""
    keys = Statement.objects.values("translation_key")
    for post_id in PostPage.objects.visible_to_readers().filter(translation_key__in=keys).values_list("pk", flat=True):
        yield reverse("statements-open-data-statement", kwargs={"post_id": post_id})


def seed_addresses():
    """The addresses an export starts from, each once, in a stable order."""
    found = {}
    for code, _name in settings.LANGUAGES:
        for name in LANGUAGE_PAGES:
            found.setdefault(address_in(code, name, ()), None)
    for name in (*ICONS, "robots-txt", *OPEN_DATA):
        found.setdefault(reverse(name), None)
    for address in sitemap_addresses():
        found.setdefault(address, None)
    for address in statement_data_addresses():
        found.setdefault(address, None)
    return list(found)


def optional_addresses():
    """Seeds a site may not have (its icons exist once a logo is set): their absence is no problem."""
    return {reverse(name) for name in ICONS}


def missing_page_address(language):
    """An address no page will ever have, to render the language's "not found" page."""
    return f"/{language}/mirror-page-not-found-{'0' * 8}/"
