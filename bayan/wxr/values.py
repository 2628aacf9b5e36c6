"""Reading WordPress's own values: which items are imported, slugs, titles, dates, old addresses.

Pure functions over what the reader yields, shared by every part of the import,
and ``SeenIds``, the run's small memory of which ids it has met.
"""

import hashlib
import json
import re
from collections import Counter
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect

from bayan.newsroom.text import SLUG_CHARACTERS

# Post types that become pages or media here; menu items become menus (menus.py); any other is named in the report.
IMPORTED_TYPES = {"post", "page", "attachment"}
# Posts and pages with these statuses are skipped (attachments always have "inherit").
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash", "auto-draft": "an unsaved automatic draft", "inherit": "a revision",
}

_WORD_SLUG = re.compile(rf"^{SLUG_CHARACTERS}+\Z")


def is_placed(fields):
    """Whether an item becomes a post or page here (given its type and status), before its language is asked."""
    post_type = fields.get("post_type", "post")
    return post_type in ("post", "page") and fields.get("status", "publish") not in SKIPPED_STATUSES


def digest(*parts):
    """A stable digest of an item's source: equal digests mean nothing changed since the last import."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def slug(raw, fallback):
    """The slug to keep: WordPress's own, decoded to Unicode, whenever it can be an address here.

    Keeping it unchanged is what keeps old links working without a redirect; a slug
    with characters no address segment here can hold is reduced to one that can
    (and the old address then redirects).
    """
    kept = unquote(raw or "").strip().strip("/")
    if not _WORD_SLUG.match(kept):
        kept = slugify(kept, allow_unicode=True) if kept else ""
    return (kept or slugify(fallback or "", allow_unicode=True) or "item")[:200]


def title(fields):
    """The item's title, or a stand-in naming its type and id when WordPress stored none."""
    return (fields.get("title") or "").strip() or f"({fields.get('post_type', 'post')} {fields.get('post_id', '')})"


def intended_slug(fields):
    """The slug an item asks for, before any ``-2`` that a taken one needs."""
    return slug(fields.get("post_name"), title(fields))


def date(local_text, gmt_text, pub_date):
    """The post's moment: WordPress's GMT date, else its site-time date, else the RSS pubDate."""
    for text, zone in ((gmt_text, UTC), (local_text, timezone.get_default_timezone())):
        if text and not text.startswith("0000"):
            try:
                return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    if pub_date:
        try:
            return parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            pass
    return None


def lineage(nicename, parents):
    """A category's nicename after its ancestors', as in WordPress's ``/category/parent/child/`` (loops cut)."""
    names = [nicename]
    while (parent := parents.get(names[0])) and parent not in names:
        names.insert(0, parent)
    return names


def old_path(url):
    """The path and query of an old address, as Wagtail's redirects store it."""
    parts = urlsplit(url or "")
    if not parts.path and not parts.query:
        return ""
    return Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))


class SeenIds:
    """Which (post type, WordPress id) pairs a run has met, and how often, in memory that stays small.

    WordPress ids are numbers: each type's are bits in a bitmap (a million ids take 125 KB
    where a set would take about 70 MB). Only ids met more than once, ids that are not
    numbers (hand-edited exports) and ids of ten million or more are kept in a dictionary.
    """

    def __init__(self):
        self.bits = {}
        self.repeats = Counter()

    def count(self, key):
        """Record one more sighting of ``key`` and return how many there have been."""
        post_type, wp_id = key
        if not wp_id.isdigit() or len(wp_id) > 7:
            self.repeats[key] += 1
            return self.repeats[key]
        number = int(wp_id)
        bits = self.bits.setdefault(post_type, bytearray())
        byte, bit = divmod(number, 8)
        if byte >= len(bits):
            bits.extend(bytes(byte + 1 - len(bits) + 1024))
        if not bits[byte] & (1 << bit):
            bits[byte] |= 1 << bit
            return 1
        self.repeats[key] += 1
        return self.repeats[key] + 1
