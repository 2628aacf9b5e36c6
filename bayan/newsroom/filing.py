"""What a published post's page links to, read in one statement: its authors, tags, further categories, translations.

A post page shows all four; read through the ORM they are four queries, each costing more
to build than to run. A preview shows relations that are not saved yet, so it reads them
from the post itself instead (``presentation.post_context`` decides).
"""

import json
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Locale, Page

from bayan.addresses import category_address, post_address
from bayan.database import PreparedLookup, in_list, reading_connection

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

    def categories_besides(self, main_id):
        """The further categories, less the post's main one (``main_id``) when it is among them too."""
        return [category for category in self.other_categories if category.pk != main_id]


# The posts readers may see among these translation sets, by the content model's one rule;
# compiled once, run inside the statement below.
_visible_of_translation_sets = PreparedLookup(
    lambda keys, now: PostPage.objects.visible_to_readers(now).filter(translation_key__in=keys).order_by().values("pk"),
    names=("keys", "now"), moments=("now",), uuids=("keys",), lists=("keys",),
)


def _relations_statement(in_posts, translations=True):
    """Rows (kind, post id, name, slug, language, id) of what posts link to; ``in_posts`` the posts' test
    (``database.in_list``). Without ``translations``, the posts' visible translations (the costly part) are left
    out."""
    authors = PostPage.authors.through._meta.db_table
    also_filed = PostPage.other_categories.through._meta.db_table
    page, locale = Page._meta.db_table, Locale._meta.db_table
    return f"""
        SELECT 1 AS kind, byline.postpage_id AS post, COALESCE(
            (SELECT written.name FROM {AuthorName._meta.db_table} written
             WHERE written.author_id = author.id AND written.language = post_locale.language_code), author.name)
            AS name, author.slug AS slug, '' AS language, author.id AS pk FROM {authors} byline
        JOIN {Author._meta.db_table} author ON author.id = byline.author_id
        JOIN {page} post ON post.id = byline.postpage_id
        JOIN {locale} post_locale ON post_locale.id = post.locale_id
        WHERE byline.postpage_id{in_posts}
        UNION ALL
        SELECT 2, tagged.content_object_id, tag.name, tag.slug, '', tag.id FROM {TaggedPost._meta.db_table} tagged
        JOIN {Tag._meta.db_table} tag ON tag.id = tagged.tag_id
        WHERE tagged.content_object_id{in_posts}
        UNION ALL
        SELECT 3, filed.postpage_id, category.name, category.slug, locale.language_code, category.id
        FROM {also_filed} filed
        JOIN {Category._meta.db_table} category ON category.id = filed.category_id
        JOIN {locale} locale ON locale.id = category.locale_id
        WHERE filed.postpage_id{in_posts}
    """ + (f"""
        UNION ALL
        SELECT 4, post.id, '', other.slug, locale.language_code, other.id FROM {page} post
        JOIN {page} other ON other.translation_key = post.translation_key AND other.id <> post.id
        JOIN {locale} locale ON locale.id = other.locale_id
        WHERE post.id{in_posts} AND other.id IN ({{visible}})
    """ if translations else "")


def filings_of(posts, translations=True):
    """{post id: Filing} of each of ``posts`` (saved ``PostPage``s or what has their ``pk`` and
    ``translation_key``, as a feed's items, or ``(id, translation key)`` pairs): its saved authors (named in
    the post's language), tags, further categories and, unless ``translations`` is false (a feed shows
    none), visible translations, all read in one statement."""
    pairs = [(post.pk, post.translation_key) if hasattr(post, "translation_key") else tuple(post) for post in posts]
    filings = {pk: Filing([], [], [], []) for pk, _key in pairs}
    if not pairs:
        return filings
    db = reading_connection()
    in_posts, ids = in_list([pk for pk, _key in pairs], db.vendor)
    if translations:
        visible, visible_parameters = _visible_of_translation_sets.statement(
            keys=list({key for _pk, key in pairs}), now=timezone.now())
        statement = _relations_statement(in_posts).format(visible=visible)
        parameters = [*ids, *ids, *ids, *ids, *visible_parameters]
    else:
        statement, parameters = _relations_statement(in_posts, translations=False), [*ids, *ids, *ids]
    with db.cursor() as cursor:
        cursor.execute(statement + " ORDER BY 1, 3, 5", parameters)
        rows = cursor.fetchall()
    _file(filings, rows)
    return filings


def _file(filings, rows):
    """Each of ``rows`` (kind, post id, name, slug, language, id, in that order) added to its post's filing."""
    for kind, post_id, name, slug, language, pk in rows:
        filing = filings[post_id]
        if kind == 1:
            filing.authors.append(Link(pk, name, slug))
        elif kind == 2:
            filing.tags.append(Link(pk, name, slug))
        elif kind == 3:
            filing.other_categories.append(Link(pk, name, slug, language))
        else:
            filing.translations.append((language, post_address(language, slug)))
            filing.translation_ids[language] = pk


# Whether a post is one readers may see, by the content model's one rule, for a post named by the enclosing
# statement (``filing_column``).
_visible_post = PreparedLookup(
    lambda post, now: PostPage.objects.visible_to_readers(now).filter(pk=post).order_by().values("pk"),
    names=("post", "now"), numbers=("post",), moments=("now",),
)


def filing_column(post_column, now="now"):
    """A ``PreparedLookup`` ``beside`` expression: the filing of the post whose id is ``post_column`` of the lookup's
    statement, its translations visible by the lookup's value ``now``, as one JSON array (``filing_of_column``).

    A post page then reads its post and all it links to in one statement: on PostgreSQL a second statement cost
    more than reading the rows of this one.
    """
    def expression(db, stand_in):
        visible, parameters = _visible_post.correlated(db, "post", "other.id", now=stand_in(now))
        rows = _relations_statement(f" = {post_column}").format(visible=visible)
        # In the order ``filings_of`` reads them, by the database's collation.
        if db.vendor == "postgresql":
            return ("(SELECT json_agg(json_build_array(kind, post, name, slug, language, pk)"
                    f" ORDER BY kind, name, language) FROM ({rows}) filed)"), parameters
        # SQLite aggregates rows in the order its subquery gives them.
        return ("(SELECT json_group_array(json_array(kind, post, name, slug, language, pk))"
                f" FROM (SELECT * FROM ({rows}) ORDER BY 1, 3, 5) filed)"), parameters

    return expression


def filing_of_column(value, post_id):
    """The ``Filing`` of the post ``post_id`` from its ``filing_column`` as read (JSON text, or the list PostgreSQL's
    driver makes of it; None when it has nothing)."""
    rows = value if isinstance(value, list) else json.loads(value) if value else []
    filings = {post_id: Filing([], [], [], [])}
    _file(filings, rows)
    return filings[post_id]


def filing_of(post):
    """The saved authors (named in the post's language), tags, further categories and visible translations of
    the saved ``post``, in one query."""
    return filings_of([post])[post.pk]
