"""sitemap.xml: every listed post and every non-empty archive, per language.

The index and its sections are served here rather than by Django's sitemap views, which
number a section's later pages with a query (``?p=2``): a static copy of the site cannot
hold such an address, so a section's pages are addresses of their own
(``sitemap-posts-en-page-2.xml``). Posts are mapped oldest first, so a new post changes the
last page of its language's section and an edit changes the page that holds the post: a
copy of the site rewrites that page, not the whole section.
"""

from datetime import datetime
from html import escape  # as Django's escape filter writes it (quotes too), without making a safe string
from typing import NamedTuple

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation

from bayan.addresses import post_address
from bayan.newsroom.models import Category, PostPage

from . import archive as archives
from .models import Listing
from .positions import posts_between


class OldestFirst:
    """An archive's posts oldest first, counted and sliced as the paginator does (read by position)."""

    def __init__(self, posts):
        self.posts = posts

    def count(self):
        return self.posts.count()

    __len__ = count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("archive posts are read in slices")
        total = self.count()
        start, stop = index.start or 0, total if index.stop is None else min(index.stop, total)
        return list(reversed(self.posts.between(total - stop, total - start)))


class MappedPost(NamedTuple):
    """A post as the sitemap maps it: its address and when it last changed."""

    address: str
    changed: datetime


class _MappedPosts:
    """An archive's posts between two positions as ``MappedPost``s (``ArchivePosts.read_through``'s lookup).

    Read as plain rows, not pages: a section's page maps a thousand posts, and making a page
    model of each was most of its time (and of a copy's sync after an edit, which rewrites it).
    """

    rows = posts_between(PostPage.objects.values_list("slug", "locale__language_code", "last_published_at", "date"))

    def all(self, **values):
        return [MappedPost(post_address(language, slug), published or date)
                for slug, language, published, date in self.rows.values(**values)]


class PostSitemap(Sitemap):
    # Posts per page of the section: a page is what an edit makes a copy rewrite.
    limit = 1000

    def __init__(self, language):
        self.language = language

    def items(self):
        # Read by position like any archive, so the sitemap's last page costs what its first does.
        return OldestFirst(archives.language_posts(self.language).read_through(_MappedPosts()))

    def location(self, post):
        return post.address

    def lastmod(self, post):
        return post.changed


class ArchiveSitemap(Sitemap):
    """The home page, tag archives and category archives of one language."""

    def __init__(self, language):
        self.language = language

    def items(self):
        with translation.override(self.language):
            found = [archives.home_archive(self.language).url()]
            for row in archives.tag_counts(self.language):
                found.append(archives.Archive("tag", self.language, "", "tag", {"slug": row["slug"]}).url())
            for category in archives.subjects_in_use(self.language, Category, Listing.CATEGORY):
                found.append(archives.Archive("category", self.language, "", "category", {"slug": category.slug}).url())
        return found

    def location(self, url):
        return url


def sitemaps():
    """The sections of the sitemap index, by name."""
    sections = {}
    for code, _name in settings.LANGUAGES:
        sections[f"posts-{code}"] = PostSitemap(code)
        sections[f"archives-{code}"] = ArchiveSitemap(code)
    return sections


def section_address(name, page=1):
    """The address of page ``page`` of the sitemap section ``name``."""
    if page == 1:
        return reverse("sitemap-section", kwargs={"section": name})
    return reverse("sitemap-section-page", kwargs={"section": name, "page": page})


def _robots_kept_out(response):
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def index_view(request, sitemaps):
    """The sitemap index: every page of every section, each at an address of its own."""
    base = f"{request.scheme}://{get_current_site(request).domain}"
    items = []
    for name, site_map in sitemaps.items():
        for page in site_map.paginator.page_range:
            items.append(SitemapIndexItem(base + section_address(name, page)))
    return _robots_kept_out(TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items},
                                             content_type="application/xml"))


def section_view(request, sitemaps, section, page=1):
    """One page of one section; a section or page that does not exist is "not found"."""
    if section not in sitemaps or page < 1:
        raise Http404(f"No sitemap section {section!r}, page {page}")
    try:
        urls = sitemaps[section].get_urls(page=page, site=get_current_site(request), protocol=request.scheme)
    except EmptyPage:
        raise Http404(f"The sitemap section {section!r} has no page {page}") from None
    return _robots_kept_out(HttpResponse(urlset_xml(urls), content_type="application/xml"))


def urlset_xml(urls):
    """One page of a section as Django's ``sitemap.xml`` template writes it, byte for byte, without the template.

    A page holds a thousand addresses; through Django's template engine it took 26 ms (5 ms here), about a
    fifth of a copy's sync after an edit, which rewrites the page holding the post, and most of a crawler's
    request.
    """
    parts = []
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(str(url['priority']))}</priority>")
        for alternate in url.get("alternates") or ():
            parts.append(f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                         f'href="{escape(alternate["location"])}"/>')
        parts.append("</url>")
    return f"{_URLSET_START}{''.join(parts)}\n</urlset>\n"


_URLSET_START = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                 ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def _day(moment):
    """``Y-m-d`` as the template's date filter writes it: an aware moment in the current time zone first."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")


def later_section_page_view(request, sitemaps, section, page):
    """Page two on of a section (its first page is the section's own address, and only there)."""
    if page < 2:
        raise Http404("A section's first page is sitemap-<section>.xml")
    return section_view(request, sitemaps, section, page)
