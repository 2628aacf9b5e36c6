"""Authors, categories and tags always have a slug: an empty one would leave their archive with no address
and every page that links it (their posts, the indexes) with a server error."""

from contextlib import contextmanager
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from wagtail.models import Locale

from bayan.newsroom.models import Author, Category, Tag

from .factories import make_post

pytestmark = pytest.mark.django_db


@contextmanager
def empty_slugs_allowed(model):
    """The database's refusal of an empty slug suspended, to make the rows older versions could save."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        return
    # PostgreSQL changes its tables within a transaction: the test's, rolled back after it.
    name = f"{model._meta.model_name}_slug_not_empty"
    with connection.cursor() as cursor:
        # Rows written earlier in the test leave deferred key checks that a table change must not find pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {model._meta.db_table} DROP CONSTRAINT {name}")
    yield


@pytest.mark.parametrize("make", [
    lambda english: Author.objects.create(name="Nameless", slug=""),
    lambda english: Category.objects.create(name="Untitled", slug="", locale=english),
    lambda english: Tag.objects.bulk_create([Tag(name="!!!", slug="", locale=english)]),
], ids=["author", "category", "tag"])
def test_the_database_refuses_an_empty_slug(make):
    english = Locale.objects.get(language_code="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(english)


def test_rows_saved_with_an_empty_slug_before_get_one_each_and_their_pages_render(client):
    english = Locale.objects.get(language_code="en")
    Author.objects.create(name="Press office", slug="author")
    with empty_slugs_allowed(Author), empty_slugs_allowed(Category):
        Author.objects.bulk_create([Author(name="Nameless", slug="")])
        Category.objects.bulk_create([Category(name="Untitled", slug="", locale=english)])
        import_module("bayan.newsroom.migrations.0011_slugs_never_empty").give_each_a_slug(apps, None)
    author, category = Author.objects.get(name="Nameless"), Category.objects.get(name="Untitled")
    assert (author.slug, category.slug) == ("author-1", "category")
    post = make_post("en", "By the nameless author", authors=[author], category=category)
    for address in (post.reader_path(), "/en/author/author-1/", "/en/category/category/", "/en/feed/"):
        assert client.get(address, HTTP_HOST="127.0.0.1").status_code == 200, address
