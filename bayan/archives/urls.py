"""Reader addresses compatible with WordPress's defaults, under a language prefix."""

from functools import partial

from django.urls import path, register_converter

from . import archive as archives
from . import index_views, views
from .feeds import feeds_for


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitMonth:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class Slug:
    """Any path segment a tag, category or author slug could be (Unicode included), but no control characters.

    A NUL byte in a URL would otherwise reach the database, which PostgreSQL refuses with an error.
    """

    regex = "[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Slug, "slug_text")
register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigitMonth, "mm")

app_name = "archives"


def archive_routes(prefix, name, view, resolve=None):
    """An archive's listing, its numbered pages and, when it has one, its feeds."""
    routes = [
        path(prefix, view, name=name),
        path(f"{prefix}page/<int:page>/", view, name=f"{name}-page"),
    ]
    if resolve is not None:
        rss, atom = feeds_for(resolve)
        routes += [
            path(f"{prefix}feed/", rss, name=f"{name}-feed"),
            path(f"{prefix}feed/atom/", atom, name=f"{name}-feed-atom"),
        ]
    return routes


urlpatterns = [
    path("tag/", index_views.tag_index, name="tag-index"),
    path("category/", index_views.category_index, name="category-index"),
    path("author/", index_views.author_index, name="author-index"),
    path("subscribe/", index_views.subscribe, name="subscribe"),
    *archive_routes("", "home", views.home, archives.home_archive),
    # A feed resolves its archive with ``resolved_archive``, so it may find its tag, category or author held.
    *archive_routes("tag/<slug_text:slug>/", "tag", views.tag, partial(archives.tag_archive, held=True)),
    *archive_routes("category/<slug_text:slug>/", "category", views.category,
                    partial(archives.category_archive, held=True)),
    *archive_routes("author/<slug_text:slug>/", "author", views.author, partial(archives.author_archive, held=True)),
    *archive_routes("<yyyy:year>/", "year", views.year),
    *archive_routes("<yyyy:year>/<mm:month>/", "month", views.month),
]
