"""sitemap.xml: every listed post and every non-empty archive, per language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import translation

from bayan.newsroom.models import Category, PostPage

from . import archive as archives
from .models import Listing


class PostSitemap(Sitemap):
    limit = 5000

    def __init__(self, language):
        self.language = language

    def items(self):
        # Read by position like any archive, so the sitemap's last section costs what its first does.
        fields = PostPage.objects.select_related("locale").only(
            "id", "slug", "last_published_at", "date", "locale__language_code")
        return archives.language_posts(self.language).with_queryset(fields)

    def location(self, post):
        return post.reader_path()

    def lastmod(self, post):
        return post.last_published_at or post.date


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
