"""Operations on the newsroom that touch several models: used by the admin-free paths (demo, import, tests)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from .models import Author, Category, HomePage, PostPage, Tag


def home_for(language):
    """The home page of ``language``; every post of that language is its child."""
    return HomePage.objects.get(locale__language_code=language)


def tag_named(name, slug=None):
    """The tag called ``name`` (matched without regard to case), created if missing."""
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=slug or slugify(name, allow_unicode=True) or "tag")
    return tag


def category_named(language, name, slug=None):
    """The category of ``language`` called ``name``, created if missing."""
    locale = Locale.objects.get(language_code=language)
    category = Category.objects.filter(locale=locale, name=name).first()
    if category is None:
        category = Category.objects.create(
            locale=locale, name=name, slug=slug or slugify(name, allow_unicode=True) or "category"
        )
    return category


def author_named(name, slug=None):
    """The author called ``name``, created if missing."""
    author = Author.objects.filter(name=name).first()
    if author is None:
        author = Author.objects.create(name=name, slug=slug or slugify(name, allow_unicode=True) or "author")
    return author


@transaction.atomic
def add_post(
    language,
    title,
    *,
    body="",
    date=None,
    category=None,
    tags=(),
    authors=(),
    excerpt="",
    slug=None,
    live=True,
    translation_of=None,
):
    """Create a post under the home of ``language`` and return it.

    ``live=False`` leaves it a draft. ``translation_of`` links it to a post in another
    language as its translation. ``tags`` are Tag objects or names.
    """
    home = home_for(language)
    post = PostPage(
        title=title,
        slug=slug or slugify(title, allow_unicode=True)[:200] or "post",
        body=body,
        excerpt=excerpt,
        date=date or timezone.now(),
        category=category,
        live=live,
        locale=home.locale,
    )
    if translation_of is not None:
        post.translation_key = translation_of.translation_key
    post.tags.set([tag if isinstance(tag, Tag) else tag_named(tag) for tag in tags])
    post.authors.set(authors)
    home.add_child(instance=post)
    revision = post.save_revision(clean=False, log_action=False)
    if live:
        revision.publish(skip_permission_checks=True, log_action=False)
        post.refresh_from_db()
    return post
