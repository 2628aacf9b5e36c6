"""A full-page cache for anonymous readers, with conditional GETs, that is never stale.

Every reader response carries ``ETag`` (the content generation) and
``Last-Modified`` (when it began), and ``Cache-Control: public, no-cache`` so that
a CDN or nginx in front may keep a copy but must ask before reusing it; the
question costs one small query here and is answered with 304. Pages are kept
in the process's cache under the generation's token, so a publish, edit,
unpublish or delete anywhere makes every stored page unreachable at once.
"""

import functools

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

from .invalidation import current_generation
from .store import BoundedStore, StoredPage

CACHEABLE_STATUSES = {200, 301}
# Search pages may take this share of the store: every distinct query is a page of its own. An
# eighth (8 MB of the default 64) keeps some 2,000 searches compressed, the popular ones among
# them, and lets a process's memory settle within seconds under a flood of new queries.
SEARCH_SHARE = 0.125


def is_reader_request(request):
    """A GET or HEAD by someone not signed in, outside the admin."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(settings.BAYAN_UNCACHED_PREFIXES)
    )


def will_be_stored(request):
    """Whether the answer to ``request`` goes into the page cache if it can (the cache is on, the reader
    anonymous). The static mirror's pages never come here: its renderer leaves this middleware out
    (``mirror.rendering.COPY_MIDDLEWARE``), as storing a page drawn once for a file would only cost."""
    return settings.BAYAN_PAGE_CACHE and is_reader_request(request)


def page_kind(request):
    """``search`` for a search page, ``page`` for any other (the store bounds searches apart)."""
    match = getattr(request, "resolver_match", None)
    return "search" if match is not None and match.view_name == "search:search" else "page"


def accepts_gzip(request):
    """Whether the client takes a gzip-compressed body (``Accept-Encoding``, a quality of 0 refusing it)."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _semicolon, parameters = coding.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = parameters.replace(" ", "").lower()
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@functools.cache
def page_store():
    """This process's one store of pages, however many handlers it builds (its bound is per process)."""
    return BoundedStore(settings.BAYAN_PAGE_CACHE_MAX_BYTES, settings.BAYAN_PAGE_CACHE_MAX_ITEM,
                     shares={"search": SEARCH_SHARE})


class ReaderPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not will_be_stored(request):
            return self.get_response(request)
        # A host the site does not serve is refused (400) here, before any stored page could answer it.
        host = request.get_host()
        # Read already where replicas serve readers (replicas.py): from the database this request reads.
        generation = getattr(request, "content_generation", None) or current_generation()
        token = generation.token.hex
        # What is held per generation (pagecache/held.py) reads the token from here: no second query.
        request.content_generation_token = token
        etag = f'"{token}"'
        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            response = HttpResponseNotModified()
            self._validators(response, etag, generation)
            return response
        key = (request.method == "HEAD", host, request.get_full_path())
        stored = page_store().get(token, key)
        if stored is not None:
            return self._from_store(request, stored)
        response = self.get_response(request)
        if self._storable(response):
            self._validators(response, etag, generation)
            # A stored page is sent compressed to those who accept it: every answer says so.
            patch_vary_headers(response, ["Accept-Encoding"])
            page = StoredPage(response.status_code, list(response.items()), response.content, page_kind(request))
            if page_store().put(token, key, page):
                response["X-Bayan-Cache"] = "miss"
        return response

    @staticmethod
    def _from_store(request, stored):
        if accepts_gzip(request):
            response = HttpResponse(stored.compressed, status=stored.status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(stored.content(), status=stored.status)
        for name, value in stored.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        response["X-Bayan-Cache"] = "hit"
        return response

    @staticmethod
    def _validators(response, etag, generation):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(generation.changed_at.timestamp())
        response["Cache-Control"] = "public, no-cache"

    @staticmethod
    def _storable(response):
        return (
            response.status_code in CACHEABLE_STATUSES
            and not response.cookies
            and not response.streaming
            and "private" not in response.get("Cache-Control", "")
            and "Cookie" not in response.get("Vary", "")
        )
