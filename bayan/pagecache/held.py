"""Values read from the database once per content generation instead of once per request.

Reader pages show things editors change rarely: the organisation's name and logo, the
menus. Reading them on every request would add queries to every page; keeping them for
the life of the process would show stale menus after an edit. They are kept per content
generation instead: every change a reader could see starts a new generation (see
``invalidation.py``), so a held value is dropped by exactly the changes that could alter it,
in every process, and the page cache's own read of the generation is the only query.
"""

import threading
from collections import OrderedDict

from .invalidation import current_token, token_of_columns


def generation_token(request=None):
    """The current generation's token, read at most once per request.

    The page cache's middleware reads the generation for every reader request and leaves
    its token on the request; with the page cache off, the replicas' router may have read
    it (``request.content_generation``, from the database the request reads); else the
    first caller reads it here.
    """
    token = getattr(request, "content_generation_token", None)
    if token is None:
        generation = getattr(request, "content_generation", None)
        token = generation.token.hex if generation is not None else current_token()
        if request is not None:
            request.content_generation_token = token
    return token


def note_generation(request, row):
    """Keep on ``request`` the generation read beside another statement (a row of ``GENERATION_COLUMNS``), so that
    ``generation_token`` needs no query of its own (``note_token``)."""
    note_token(request, token_of_columns(row))


def note_token(request, token):
    """Keep on ``request`` the generation's ``token`` (hex) read beside another statement, so that
    ``generation_token`` needs no query of its own. One already on the request (the page cache's, the replicas
    router's) stays; None (a generation that has come due, or none read) is left for ``generation_token`` to
    move on."""
    if getattr(request, "content_generation_token", None) is not None or \
            getattr(request, "content_generation", None) is not None:
        return
    if token is not None:
        request.content_generation_token = token


class HeldPerGeneration:
    """``load(*key)``'s results, kept until the content generation changes.

    ``held.get(request, *key)`` calls ``load(*key)`` once per generation and key in this
    process. The keys must be few (a language, a menu's name); where a request names them,
    ``capacity`` bounds how many are kept (past it, a new key's value is loaded each time).
    """

    def __init__(self, load, capacity=None):
        self._load = load
        self._capacity = capacity
        self._lock = threading.Lock()
        self._token = None
        self._values = {}

    def get(self, request, *key):
        return self.get_in(generation_token(request), *key)

    def get_in(self, token, *key):
        """``load(*key)``'s result for the generation ``token``, which the caller has read already."""
        with self._lock:
            if token == self._token and key in self._values:
                return self._values[key]
        value = self._load(*key)
        with self._lock:
            if token != self._token:
                self._token, self._values = token, {}
            if self._capacity is None or len(self._values) < self._capacity:
                self._values[key] = value
        return value


class HeldUntilChecked:
    """Values kept with the generation they were read in, used before the current generation is known.

    ``HeldPerGeneration`` needs the generation first, which costs an uncached page a statement of its
    own unless another statement reads it. This serves a page whose one statement reads the generation
    with what it lists: a tag's page finds the tag here (its name, its translations), runs that
    statement with the tag's id, and compares the generation it read with the one the tag was held
    in. Equal, nothing a reader could see has changed since, the tag included; different, the caller
    calls ``forget`` and reads the tag again. Keys come from addresses anyone can invent, so only
    ``capacity`` of them are kept, the least recently used dropped first.
    """

    def __init__(self, capacity=4096):
        self._capacity = capacity
        self._lock = threading.Lock()
        self._values = OrderedDict()

    def get(self, key):
        """``(token, value)`` kept for ``key``, or None."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def keep(self, key, token, value):
        """Keep ``value`` for ``key``, as read in the generation ``token`` (hex)."""
        with self._lock:
            self._values[key] = (token, value)
            self._values.move_to_end(key)
            while len(self._values) > self._capacity:
                self._values.popitem(last=False)

    def forget(self, key):
        """Drop what is kept for ``key`` (found out of date): the next ``get`` finds nothing."""
        with self._lock:
            self._values.pop(key, None)
