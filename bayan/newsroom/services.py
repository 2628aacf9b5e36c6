"""Operations on the newsroom that touch several models: used by the admin-free paths (demo, import, tests)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from . import admin_indexes
from .models import Author, AuthorName, Category, HomePage, PostPage, Tag


def home_for(language):
    """The home page of ``language``; every post of that language is its child."""
    return HomePage.objects.get(locale__language_code=language)


def tag_named(name, slug=None, language=None, translation_of=None):
    """The tag of ``language`` (the default language if not given) called ``name``, matched without regard
    to case; created if missing, as a translation of the tag ``translation_of`` when given."""
    locale = Locale.objects.get(language_code=language or settings.LANGUAGE_CODE)
    tag = Tag.objects.filter(locale=locale, name__iexact=name).first()
    if tag is None:
        tag = Tag(locale=locale, name=name, slug=slug or slugify(name, allow_unicode=True) or "tag")
        if translation_of is not None:
            tag.translation_key = translation_of.translation_key
        tag.save()
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


def author_named(name, slug=None, names=None):
    """The author called ``name``, created if missing; ``names`` ({language: name}) as written in other languages."""
    author = Author.objects.filter(name=name).first()
    if author is None:
        author = Author.objects.create(name=name, slug=slug or slugify(name, allow_unicode=True) or "author")
    for language, written in (names or {}).items():
        AuthorName.objects.update_or_create(author=author, language=language, defaults={"name": written})
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
    language as its translation. ``tags`` are Tag objects or names (found or made in ``language``).
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
    tags = [tag if isinstance(tag, Tag) else tag_named(tag, language=language) for tag in tags]
    foreign = [tag.name for tag in tags if tag.locale_id != home.locale_id]
    if foreign:
        # The archives list a post under its tags in its own language only: such a tag would lead nowhere.
        raise ValueError(f"tags of another language on a post in “{language}”: {', '.join(foreign)}")
    post.tags.set(tags)
    post.authors.set(authors)
    # Placed, revised and published: three saves, indexed for the admin once.
    with admin_indexes.written_once():
        home.add_child(instance=post)
        revision = post.save_revision(clean=False, log_action=False)
        if live:
            revision.publish(skip_permission_checks=True, log_action=False)
    if live:
        post.refresh_from_db()
    return post
