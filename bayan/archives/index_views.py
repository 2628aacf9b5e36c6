"""Reader pages that lead to archives: the tag, category and author indexes and the subscribe page."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from bayan.addresses import address_in

from . import archive as archives
from . import indexes


def _index_page(request, route, template, rows_name, rows, title):
    """An index page: its rows, its title, and the same index in the other languages for the switcher."""
    language = translation.get_language()
    context = {rows_name: indexes.index_rows(request, rows, language), "title": title, "canonical_url": request.path,
               "alternates": _same_page_elsewhere(language, route)}
    return render(request, template, context)


def tag_index(request):
    """Every tag of the language with visible posts, and how many, in the language's collation."""
    return _index_page(request, "archives:tag-index", "archives/tag_index.html", "tags", indexes.tag_index_rows,
                       _("Tags"))


def category_index(request):
    """The language's categories with visible posts, parents above their subcategories."""
    return _index_page(request, "archives:category-index", "archives/category_index.html", "categories",
                       indexes.category_tree, _("Categories"))


def author_index(request):
    """Every author with visible posts in the language, named as in that language."""
    return _index_page(request, "archives:author-index", "archives/author_index.html", "authors",
                       indexes.author_index_rows, _("Authors"))


def subscribe(request):
    """How to follow the site with a feed reader, and the addresses of its feeds."""
    language = translation.get_language()
    home = archives.home_archive(language)
    categories = [
        {"name": node.name, "url": address_in(language, "archives:category-feed", (("slug", node.slug),))}
        for node in _flattened(indexes.index_rows(request, indexes.category_tree, language))
    ]
    context = {
        "title": _("Subscribe"),
        "canonical_url": request.path,
        "alternates": _same_page_elsewhere(language, "archives:subscribe"),
        "site_rss": home.rss_url,
        "site_atom": home.atom_url,
        "category_feeds": categories,
        "tag_index_url": address_in(language, "archives:tag-index"),
        "author_index_url": address_in(language, "archives:author-index"),
    }
    return render(request, "archives/subscribe.html", context)


def _same_page_elsewhere(language, route):
    """The same index in each other language: every language has one, listing its own terms."""
    return [(code, address_in(code, route)) for code, _name in settings.LANGUAGES if code != language]


def _flattened(nodes):
    for node in nodes:
        yield node
        yield from _flattened(node.children)
