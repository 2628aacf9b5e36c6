"""What a published post's page links to, read in one statement: its authors, tags, further categories, translations.

A post page shows all four; read through the ORM they are four queries, each costing more
to build than to run. A preview shows relations that are not saved yet, so it reads them
from the post itself instead (``presentation.post_context`` decides).
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from wagtail.models import Locale, Page

from .models import Author, Category, PostPage, Tag, TaggedPost


@dataclass(frozen=True)
class Link:
    """An author, tag or category a post page links to: its name and slug (and a category's language)."""

    pk: int
    name: str
    slug: str
    language: str = ""

    def reader_path(self):
        """A category's archive address (only categories are asked for theirs)."""
        return iri_to_uri(f"/{self.language}/category/{self.slug}/")


@dataclass
class Filing:
    authors: list
    tags: list
    other_categories: list
    translations: list


def _statement():
    # Imported here: the archives' modules import this app's models. The translations part
    # is the archives' rule for what readers may see (``archives.positions.listed_posts``).
    from bayan.archives.models import Listing, ListingEntry

    authors = PostPage.authors.through._meta.db_table
    also_filed = PostPage.other_categories.through._meta.db_table
    return f"""
        SELECT 1, author.name, author.slug, '', author.id FROM {authors} byline
        JOIN {Author._meta.db_table} author ON author.id = byline.author_id
        WHERE byline.postpage_id = %(post)s
        UNION ALL
        SELECT 2, tag.name, tag.slug, '', tag.id FROM {TaggedPost._meta.db_table} tagged
        JOIN {Tag._meta.db_table} tag ON tag.id = tagged.tag_id
        WHERE tagged.content_object_id = %(post)s
        UNION ALL
        SELECT 3, category.name, category.slug, locale.language_code, category.id FROM {also_filed} filed
        JOIN {Category._meta.db_table} category ON category.id = filed.category_id
        JOIN {Locale._meta.db_table} locale ON locale.id = category.locale_id
        WHERE filed.postpage_id = %(post)s
        UNION ALL
        SELECT 4, '', page.slug, locale.language_code, page.id FROM {Page._meta.db_table} page
        JOIN {Locale._meta.db_table} locale ON locale.id = page.locale_id
        JOIN {ListingEntry._meta.db_table} entry ON entry.post_id = page.id
        JOIN {Listing._meta.db_table} listing ON listing.id = entry.listing_id AND listing.kind = 'home'
        WHERE page.translation_key = %(key)s AND page.id <> %(post)s AND entry.date <= %(now)s
        ORDER BY 1, 2, 4
    """


def filing_of(post):
    """The saved authors, tags, further categories and listed translations of ``post``, in one query."""
    filing = Filing([], [], [], [])
    parameters = {
        "post": post.pk,
        "key": PostPage._meta.get_field("translation_key").get_db_prep_value(post.translation_key, connection),
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(), parameters)
        rows = cursor.fetchall()
    for kind, name, slug, language, pk in rows:
        if kind == 1:
            filing.authors.append(Link(pk, name, slug))
        elif kind == 2:
            filing.tags.append(Link(pk, name, slug))
        elif kind == 3:
            filing.other_categories.append(Link(pk, name, slug, language))
        else:
            filing.translations.append((language, iri_to_uri(f"/{language}/{slug}/")))
    return filing
