"""Old addresses in the copy: at each address the site keeps as a redirect, a small page that leads on.

The site answers an old WordPress address (``/2017/09/free-the-journalists/``) with a redirect
(``bayan/wxr/middleware.py``), and links to those addresses live on in social media and other
sites. A copy has no server to redirect, so it holds a page at each such address that sends the
browser on (``<meta http-equiv="refresh">``, which works from any host and from the disk) and
links the new address for a browser that does not follow it.

A page is written for the redirects a reader would be sent on by: with no query string (a file
cannot answer ``/?p=12``), of the site or of every site, to a page readers may see
(``pages_visible_to_readers``, the rule every output follows) or to an address the copy holds,
at an address where the copy holds no page. A redirect to a page goes to that page in its own
language (the live site may send a reader to the translation in the reader's language).
"""

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from bayan.addresses import ADDRESS_SAFE
from bayan.newsroom.models import pages_visible_to_readers

from .rendering import LinkRewriter, file_for

# File names an old address takes as they are (anything else is a folder with its index.html).
PAGE_ENDINGS = (".html", ".htm")


@dataclass(frozen=True)
class Moved:
    """One old address the copy leads on from: its file, where it leads, and the page it leads to (if one)."""

    file: str
    target: str
    page_id: int | None


def moved_addresses(post_addresses, held_files, page_ids=None):
    """The old addresses the copy leads on from, ``{file: Moved}``.

    ``post_addresses``: ``{post id: address}`` of the posts readers may see (a snapshot's);
    ``held_files``: the files the copy holds (no old address takes one, nor a folder over one);
    ``page_ids``: only the redirects to these pages (a sync's changed posts), else every redirect.
    """
    rows = _redirects(page_ids)
    page_addresses = _page_addresses({page_id for _path, _site, page_id, _link in rows if page_id}, post_addresses)
    chosen = {}
    for old_path, site_id, page_id, link in rows:
        # As the site chooses: a redirect of the site itself before one for every site.
        if old_path not in chosen or site_id is not None:
            chosen[old_path] = (page_id, link)
    found = {}
    for old_path, (page_id, link) in chosen.items():
        name = file_of_old_address(old_path)
        target = page_addresses.get(page_id) if page_id else link
        # The copy's file for the address as a folder (a feed's is index.xml) is a page the site answers with.
        if name is None or not target or _taken(name, held_files) or file_for(f"{old_path}/") in held_files:
            continue
        if target.startswith("/") and file_for(urlsplit(target).path) not in held_files:
            continue  # where the site would lead, the copy holds nothing
        found[name] = Moved(name, target, page_id)
    return found


def _redirects(page_ids):
    site = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    rows = Redirect.objects.filter(Q(site=None) | Q(site=site)).exclude(old_path__contains="?")
    if page_ids is not None:
        rows = rows.filter(redirect_page_id__in=page_ids)
    return list(rows.order_by("id").values_list("old_path", "site_id", "redirect_page_id", "redirect_link"))


def _page_addresses(page_ids, post_addresses):
    """``{page id: address}`` of those of ``page_ids`` readers may see: posts from the snapshot, other pages
    (few: the about page and its like) through the same rule."""
    found = {page_id: post_addresses[page_id] for page_id in page_ids if page_id in post_addresses}
    others = page_ids - set(found)
    if others:
        for page in pages_visible_to_readers().filter(pk__in=others).specific():
            address = page.get_url()
            if address and address.startswith("/"):
                found[page.pk] = address
    return found


def file_of_old_address(old_path):
    """The copy's file for an old address (a folder's ``index.html``, or a ``.html`` name as it is), or None when
    the address cannot be a file name below the copy's root."""
    path = unquote(old_path).strip("/")
    parts = path.split("/")
    if not path or "\0" in path or "\\" in path or any(part in ("", ".", "..") for part in parts):
        return None
    return path if path.lower().endswith(PAGE_ENDINGS) else f"{path}/index.html"


def _taken(name, held_files):
    """Whether ``name``, or a folder it needs, is a file the copy already holds."""
    parts = name.split("/")
    return any("/".join(parts[:end]) in held_files for end in range(1, len(parts) + 1))


def page_leading_on(moved, live_url, copy_url):
    """The bytes of the page at ``moved.file``: it sends the browser to ``moved.target``, relative when the copy
    holds it."""
    target = moved.target
    if target.startswith("/"):
        language = target.strip("/").split("/", 1)[0]
        relative = _rewriter(live_url).address(target, moved.file)
        canonical = copy_url + quote(target, safe=ADDRESS_SAFE + "%")
    else:
        language, relative, canonical = settings.LANGUAGE_CODE, target, target
    title, lead, direction = _wording(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
    href = escape(relative)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f"</head>\n<body>\n<p>{lead} <a href=\"{href}\">{escape(unquote(target))}</a></p>\n"
        f"</body>\n</html>\n"
    ).encode()


@lru_cache(maxsize=4)
def _rewriter(live_url):
    # Only the target's relative form is asked of it, and the caller knows the copy holds the target.
    return LinkRewriter(live_url, mirrored=lambda _address: True)


@lru_cache(maxsize=8)
def _wording(language):
    """The page's title and sentence in ``language`` (escaped), and its direction (remembered: asked per page)."""
    with translation.override(language):
        return (escape(gettext("This page has moved")), escape(gettext("It is now here:")),
                "rtl" if translation.get_language_bidi() else "ltr")
