"""Reader addresses, built on the URL routes and worked out once per process.

Every address a reader page, a feed, the sitemap or search links to comes from here,
so that it is the address the routes answer. Reversing a route costs more than
reading an archive's page from the database, and reader pages ask for the same few
hundred addresses over and over; an address with a slug in it is the route's address
reversed once per language with a stand-in slug, the stand-in then replaced by the
slug quoted exactly as ``reverse()`` quotes it.
"""

import functools
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

# Matches every slug pattern of the routes (letters only) and can appear nowhere else in an address.
_STAND_IN = "bayanslugstandin"
# What reverse() leaves unquoted in an argument (django.urls.resolvers); the rest is percent-encoded.
ADDRESS_SAFE = _SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=4096)
def address_in(language, name, kwargs=()):
    """The address of route ``name`` in ``language``, with ``kwargs`` given as a tuple of (name, value) pairs."""
    with translation.override(language):
        return reverse(name, kwargs=dict(kwargs) or None)


@functools.lru_cache(maxsize=64)
def _slug_template(language, name):
    before, _stand_in, after = address_in(language, name, (("slug", _STAND_IN),)).rpartition(_STAND_IN)
    return before, after


@functools.lru_cache(maxsize=16384)
def _quoted(slug):
    # Remembered: an Arabic slug is percent-encoded character by character, and a copy's sync asks it of every post.
    return quote(slug, safe=_SAFE)


def slug_address(language, name, slug):
    """The address of route ``name`` (one that takes a ``slug``) in ``language``: what ``reverse()`` gives."""
    before, after = _slug_template(language, name)
    return f"{before}{_quoted(slug)}{after}"


def post_address(language, slug):
    """A post's page, ``/<lang>/<slug>/``."""
    return slug_address(language, "listed-post", slug)


def category_address(language, slug):
    """A category's archive, ``/<lang>/category/<slug>/``."""
    return slug_address(language, "archives:category", slug)
