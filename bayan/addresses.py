"""Addresses of named routes in a given language, reversed once per process.

The address patterns are fixed for the life of a process, and reversing one costs more
than reading an archive's page from the database; reader pages ask for the same few
hundred addresses (archives, tags, authors, the home pages) over and over.
"""

import functools

from django.urls import reverse
from django.utils import translation


@functools.lru_cache(maxsize=4096)
def address_in(language, name, kwargs=()):
    """The address of route ``name`` in ``language``, with ``kwargs`` given as a tuple of (name, value) pairs."""
    with translation.override(language):
        return reverse(name, kwargs=dict(kwargs) or None)
