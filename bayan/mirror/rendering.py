"""Reader addresses rendered in this process, as a reader's request would get them, and made into files.

The mirror holds what readers get, so each address goes through Django's handler (URL
routing, language, redirects, the readers' rule, the page's chrome) with a request no server
ever sees: nothing is crawled over the network. Middleware that only add headers or guard
what a copy leaves out are not run (``COPY_MIDDLEWARE``). ``file_for`` says which file an address becomes:
a folder address is its ``index.html`` (``index.xml`` for a feed), anything else keeps its
name. ``relative_links`` rewrites the links of a page so that the copy works under any host
name, under a sub-path and opened from the disk: a link to an address the mirror holds
becomes relative and ends in its file's name; a link to what only the live site can do (the
admin, sign-on forms, filtered listings) becomes an absolute address on the live site.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished, setting_changed
from django.db import close_old_connections
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import Resolver404, resolve
from django.utils import translation

from bayan.addresses import ADDRESS_SAFE, address_in

# Routes whose pages a copy cannot serve: they need a server (forms, accounts) or hold nothing public.
LIVE_ONLY_PREFIXES = ("/admin/", "/documents/authenticate", "/_util/")
LIVE_ONLY_ROUTES = {"signon:form", "signon:organisations", "signon:confirm", "wagtailcore_authenticate_with_password"}
# Pages the copy holds in a version of its own (rendered by ``search_page``, searched in the browser).
OFFLINE_ROUTES = {"search:search"}
FEED_ENDINGS = ("/feed/", "/feed/atom/")
# A quoted root-relative address after "=": a link when the attribute is one that holds one address.
# The scan starts at a literal "=", which the regular expression engine finds with a fast search;
# a pattern starting with the attribute's name tried a match after every space of a page, six
# times as long. The name is checked on the few candidates it finds (``_LINK_ATTRIBUTES``).
QUOTED_ADDRESS = re.compile(r"""=(?P<quote>["'])(?P<address>/[^"'\s>]*)(?P=quote)""")
LINK_ATTRIBUTES = ("href", "src", "action", "poster")
# Each of those names after the white space that separates HTML attributes: how a link's attribute ends.
_LINK_ATTRIBUTES = tuple(space + name for name in LINK_ATTRIBUTES for space in " \t\n\r\f\v")
# srcset holds several addresses; scanned for only on pages that have one.
SRCSET = re.compile(r"""(?P<before>\ssrcset=)(?P<quote>["'])(?P<value>[^"']*)(?P=quote)""")
# The middleware that shape what a reader page holds, of those the site runs: the page's language, the slash
# redirect and the site's redirects (a 301 the copy leaves out, as a reader would be sent on). The others add
# headers, which a copy does not keep, or serve what a copy holds none of (the API, the live page cache, static
# files, sign-in and the admin): a tenth of drawing a page, for nothing the file holds. The test that compares
# every kind of page with the live one checks that nothing else changes a page.
COPY_MIDDLEWARE = frozenset({
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "bayan.wxr.middleware.RedirectMiddleware",
})


@dataclass(frozen=True)
class Rendered:
    """One address as a reader would get it."""

    address: str
    status: int
    content_type: str
    body: bytes

    @property
    def is_html(self):
        return self.content_type.startswith("text/html")


class Renderer:
    """Renders reader addresses through Django's handler, as anonymous GET requests to ``host``, with the
    middleware that shape a page (``COPY_MIDDLEWARE``).

    ``known_pages`` are addresses already known to be pages readers can open (the posts and
    archive pages the export listed): they need no resolving to tell that the copy holds them,
    which was most of rewriting a page's links, in every process, for every address.
    """

    def __init__(self, host, secure, known_pages=frozenset(), old_addresses=frozenset()):
        self.handler = _handler(tuple(name for name in settings.MIDDLEWARE if name in COPY_MIDDLEWARE))
        self.factory = RequestFactory()
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore
        self.host = host
        self.secure = secure
        # A post whose slug is a route's (its address answered by the search page) is not taken for a post.
        self.known_pages = frozenset(known_pages) - offline_addresses() if known_pages else frozenset()
        # Old addresses the site redirects at which the copy holds a page that leads on (``moved``), as paths.
        self.old_addresses = frozenset(old_addresses)

    def is_mirrored(self, address):
        """Whether a copy holds ``address`` (``is_mirrored``, answered at once for a known page; an old address
        the site redirects, when the copy holds a page that leads on from it)."""
        return (address in self.known_pages or is_mirrored(address)
                or (bool(self.old_addresses) and unquote(address) in self.old_addresses))

    def offline_route(self, address):
        """The route of ``address`` when the copy holds its own version of it (``offline_route``), else None."""
        return None if address in self.known_pages else offline_route(address)

    def request(self, address):
        """An anonymous GET request for ``address`` on the copy's host."""
        request = self.factory.get(address, HTTP_HOST=self.host, secure=self.secure)
        # What the authentication and session middleware, left out of the copy's chain, would give a reader.
        request.user = AnonymousUser()
        request.session = self.session_store()
        return request

    def render(self, address):
        """``address`` (a path with no query) as a reader gets it."""
        request = self.request(address)
        response = self.handler.get_response(request)
        if response.streaming:
            body = b"".join(response.streaming_content)
            _close_quietly(response)  # a document's file
        else:
            # Nothing to close: a page's response holds no file, and the request it closes has none either.
            body = response.content
        return Rendered(address, response.status_code, response.get("Content-Type", ""), body)


@lru_cache(maxsize=4)
def _handler(middleware):
    """Django's handler with the ``middleware`` chain loaded, once per process and chain. The handler reads its
    chain from the settings, so they name this one while it loads (no receiver of setting changes minds it)."""
    handler = BaseHandler()
    with override_settings(MIDDLEWARE=list(middleware)):
        handler.load_middleware()
    return handler


def _close_quietly(response):
    """Close the response (its file, for a document) without the end-of-request signal.

    That signal closes the database connection when a transaction is open (Django cannot tell
    what a half-done transaction left), which is right after a served request and wrong in the
    middle of an export: the export's renderings are not requests of their own.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@lru_cache(maxsize=1 << 17)
def file_for(address):
    """The file, relative to the mirror's root, that holds ``address`` (remembered: a sync asks it of every post)."""
    path = unquote(urlsplit(address).path if "?" in address or "#" in address else address).lstrip("/")
    if address.endswith(FEED_ENDINGS):
        return path + "index.xml"
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


@lru_cache(maxsize=65536)
def route_of(address):
    """The route name of ``address`` (a path), or None when no route answers it.

    A language's addresses resolve only while that language is active (``i18n_patterns``
    matches the active language's prefix), and the language active here is the last rendered
    page's: each address is resolved in its own. Remembered, since every page links the same
    menus, tags and archives and resolving was half of rewriting a page; the answer depends only
    on the URL configuration, so the memory is cleared when a test changes it.
    """
    path = unquote(address)
    prefix = path.strip("/").split("/", 1)[0]
    language = prefix if prefix in dict(settings.LANGUAGES) else None
    try:
        with translation.override(language) if language else nullcontext():
            return resolve(path).view_name
    except Resolver404:
        return None


def _forget_routes(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        route_of.cache_clear()


setting_changed.connect(_forget_routes)


def offline_route(address):
    """The route name of ``address`` when the copy holds its own version of it (its search page), else None."""
    route = route_of(address)
    return route if route in OFFLINE_ROUTES else None


def offline_addresses():
    """Every language's address of each page the copy holds in a version of its own (its search page)."""
    return {address_in(code, route, ()) for code, _name in settings.LANGUAGES for route in OFFLINE_ROUTES}


def is_copied_file(address):
    """Whether ``address`` is a static asset or an upload, copied from the disk rather than rendered."""
    return address.startswith((settings.STATIC_URL, settings.MEDIA_URL))


def is_mirrored(address):
    """Whether a copy can hold ``address`` (a path): not the admin, not what needs a server."""
    if address.startswith(LIVE_ONLY_PREFIXES):
        return False
    if is_copied_file(address):
        return True
    route = route_of(address)
    return route is not None and route not in LIVE_ONLY_ROUTES


def relative_address(target_file, from_file):
    """``target_file`` as a link from the page stored in ``from_file`` (both relative to the root).

    Both are clean names below the root, so this is ``posixpath.relpath`` without its reading
    of the working folder, which cost more than the rest of rewriting a page.
    """
    target = target_file.split("/")
    start = from_file.split("/")[:-1]
    shared = 0
    for a, b in zip(target, start, strict=False):
        if a != b:
            break
        shared += 1
    return "/".join([".."] * (len(start) - shared) + target[shared:]) or "."


class LinkRewriter:
    """Rewrites one page's links; remembers the mirrored addresses it met, for the export to hold them too."""

    def __init__(self, live_base_url, mirrored=is_mirrored, copy_base_url=""):
        self.live_base_url = live_base_url.rstrip("/")
        self.mirrored = mirrored
        # Set for a page served at addresses other than its own (a host's "not found" page): its links
        # are then absolute, on the copy's own address, since relative ones would start from wherever it is shown.
        self.copy_base_url = copy_base_url.rstrip("/")
        self.found = set()

    def address(self, address, from_file):
        """One link: relative to ``from_file`` when the copy holds it, else on the live site."""
        return self._link(address, quote(from_file, safe=ADDRESS_SAFE))

    def _link(self, address, quoted_from):
        if "?" in address or "#" in address:
            parts = urlsplit(address)
            path, fragment = parts.path, f"#{parts.fragment}" if parts.fragment else ""
            # A version stamp ("?v=…", on icons) only defeats browsers' caches: the copy's file is the same.
            query = "" if parts.query.startswith("v=") and "&" not in parts.query else parts.query
        else:
            path, query, fragment = address, "", ""
        if query:
            return self.live_base_url + address
        if not self.mirrored(path):
            held = _with_final_slash(path, self.mirrored)
            if held is None:
                return self.live_base_url + address
            path = held
        self.found.add(path)
        if self.copy_base_url:
            return f"{self.copy_base_url}/{_quoted_file(path)}{fragment}"
        # Written as the site writes addresses (percent-encoded), so the page's bytes differ from the live
        # page's only by where links point; browsers decode it to the file's name, on the disk too. Both
        # names are quoted whole ("/" is kept), so the relative path of the quoted names is the quoted path.
        return relative_address(_quoted_file(path), quoted_from) + fragment

    def page(self, html, from_file):
        """Every root-relative link of ``html`` (text) rewritten for a page stored in ``from_file``."""
        quoted_from = quote(from_file, safe=ADDRESS_SAFE)
        rewritten = {}  # a page links the same addresses several times (a tag in its list and its feed's)

        def one(match):
            if not match.string.endswith(_LINK_ATTRIBUTES, 0, match.start()):
                return match[0]  # another attribute's value (a meta tag's content, a data- attribute)
            address = match["address"]
            if address not in rewritten:
                rewritten[address] = self._link(address, quoted_from)
            return f"={match['quote']}{rewritten[address]}{match['quote']}"

        def several(match):
            candidates = []
            for candidate in match["value"].split(","):
                words = candidate.strip().split()
                if words and words[0].startswith("/"):
                    words[0] = self._link(words[0], quoted_from)
                candidates.append(" ".join(words))
            return f"{match['before']}{match['quote']}{', '.join(candidates)}{match['quote']}"

        html = QUOTED_ADDRESS.sub(one, html)
        return SRCSET.sub(several, html) if "srcset=" in html else html


def _with_final_slash(path, mirrored):
    """``path`` with a final slash, when the copy holds that and the site would send a reader there.

    The site answers an address without its final slash that no route takes by sending the reader
    to the address with one (Django's ``APPEND_SLASH``): a post written with ``/2016/05/statement``
    for an old address, a tag or a post reaches it on the site, and so in the copy.
    """
    if path.endswith("/") or "." in path.rsplit("/", 1)[-1] or route_of(path) is not None:
        return None
    return path + "/" if mirrored(path + "/") else None


@lru_cache(maxsize=1 << 17)
def _quoted_file(path):
    """``file_for(path)`` percent-encoded as the site writes addresses (remembered: every page links the menus)."""
    return quote(file_for(path), safe=ADDRESS_SAFE)
