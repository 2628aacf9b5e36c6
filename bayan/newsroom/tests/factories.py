"""Small builders for tests: one post, one tag, with only what a test cares about spelled out."""

import itertools
from datetime import timedelta

from django.utils import timezone

from bayan.newsroom.models import Category
from bayan.newsroom.services import add_post

_numbers = itertools.count(1)


def category(language="en", slug="press-release"):
    """One of the categories every instance starts with."""
    return Category.objects.get(locale__language_code=language, slug=slug)


def make_post(language="en", title=None, *, days_ago=None, body=None, **fields):
    """Create and publish a post; each call gets a distinct title, slug and an older date than the last."""
    number = next(_numbers)
    fields.setdefault("date", timezone.now() - timedelta(days=days_ago if days_ago is not None else number))
    fields.setdefault("slug", f"post-{number}")
    return add_post(
        language,
        title or f"Post number {number} about detained journalists",
        body=body if body is not None else f"<p>Body of post {number}.</p>",
        **fields,
    )
