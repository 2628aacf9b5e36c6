"""What a published post's page links to, read in one statement: its authors, tags, further categories, translations.

A post page shows all four; read through the ORM they are four queries, each costing more
to build than to run. A preview shows relations that are not saved yet, so it reads them
from the post itself instead (``presentation.post_context`` decides).
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Value
from django.utils import timezone
from wagtail.models import Locale

from bayan.addresses import category_address, post_address
from bayan.database import PreparedLookup

from .models import Author, AuthorName, Category, PostPage, Tag, TaggedPost


@dataclass(frozen=True)
class Link:
    """An author, tag or category a post page links to: its name and slug (and a category's language)."""

    pk: int
    name: str
    slug: str
    language: str = ""

    def reader_path(self):
        """A category's archive address (only categories are asked for theirs)."""
        return category_address(self.language, self.slug)


@dataclass
class Filing:
    authors: list
    tags: list
    other_categories: list
    translations: list
    # {language: post id} of the translations (the open data API names them by id).
    translation_ids: dict = field(default_factory=dict)


# Translations readers may see, by the content model's one rule; compiled once, run inside the statement below.
_visible_translations = PreparedLookup(
    lambda key, post, now: PostPage.objects.visible_to_readers(now).filter(translation_key=key).exclude(pk=post)
    .values_list(Value(4), Value(""), "slug", "locale__language_code", "id"),
    names=("key", "post", "now"), moments=("now",), numbers=("post",), uuids=("key",),
)


def _relations_statement():
    authors = PostPage.authors.through._meta.db_table
    also_filed = PostPage.other_categories.through._meta.db_table
    return f"""
        SELECT 1, COALESCE(
            (SELECT written.name FROM {AuthorName._meta.db_table} written
             WHERE written.author_id = author.id AND written.language = %s), author.name),
            author.slug, '', author.id FROM {authors} byline
        JOIN {Author._meta.db_table} author ON author.id = byline.author_id
        WHERE byline.postpage_id = %s
        UNION ALL
        SELECT 2, tag.name, tag.slug, '', tag.id FROM {TaggedPost._meta.db_table} tagged
        JOIN {Tag._meta.db_table} tag ON tag.id = tagged.tag_id
        WHERE tagged.content_object_id = %s
        UNION ALL
        SELECT 3, category.name, category.slug, locale.language_code, category.id FROM {also_filed} filed
        JOIN {Category._meta.db_table} category ON category.id = filed.category_id
        JOIN {Locale._meta.db_table} locale ON locale.id = category.locale_id
        WHERE filed.postpage_id = %s
    """


def filing_of(post):
    """The saved authors (named as in the post's language), tags, further categories and visible translations of
    ``post``, in one query."""
    filing = Filing([], [], [], [])
    translations, parameters = _visible_translations.statement(key=post.translation_key, post=post.pk,
                                                               now=timezone.now())
    # Each part is wrapped: SQLite allows no ORDER BY or LIMIT inside a compound's parts.
    statement = (f"SELECT * FROM ({_relations_statement()}) AS relations "
                 f"UNION ALL SELECT * FROM ({translations}) AS translations ORDER BY 1, 2, 4")
    with connection.cursor() as cursor:
        cursor.execute(statement, [post.locale.language_code, post.pk, post.pk, post.pk, *parameters])
        rows = cursor.fetchall()
    for kind, name, slug, language, pk in rows:
        if kind == 1:
            filing.authors.append(Link(pk, name, slug))
        elif kind == 2:
            filing.tags.append(Link(pk, name, slug))
        elif kind == 3:
            filing.other_categories.append(Link(pk, name, slug, language))
        else:
            filing.translations.append((language, post_address(language, slug)))
            filing.translation_ids[language] = pk
    return filing
