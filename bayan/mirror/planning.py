"""Which addresses a sync renders again and which files it removes, from the mirror's state and the site's now.

``plan(state, now)`` compares what the mirror recorded at its last run (the posts readers could
see, each archive page's fingerprint, the last change-log entry applied) with the site now, and
returns a ``Plan``: ``full`` when the whole site must be rendered again (a site-wide change, a
mirror made by another version, a day since the last full render), else the addresses to
render and the files to remove. Pure reading: nothing is written here.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from bayan.addresses import address_in
from bayan.cases.models import LinkState, PostPerson
from bayan.cases.profile import person_address
from bayan.pagecache.changelog import is_pruned
from bayan.statements.models import Signatory, Statement
from bayan.statements.signatory_list import organisation_address

from .addresses import LANGUAGE_PAGES, OPEN_DATA, sitemap_section_addresses
from .changes import archive_pages, last_change_id, read_log, visible_posts
from .rendering import file_for

FULL_RENDER_EVERY = timedelta(days=1)


@dataclass
class Snapshot:
    """The site as a sync sees it when it starts."""

    change_id: int
    posts: dict
    archives: dict

    @classmethod
    def now(cls):
        # The log's position is read first: a change made while the sync renders is applied next time.
        change_id = last_change_id()
        now = timezone.now()
        posts = visible_posts(now)
        return cls(change_id, posts, archive_pages(now, posts))


@dataclass
class Plan:
    """What a sync does: everything (``full``, with the reason), or these addresses and removals."""

    full: bool
    reason: str = ""
    addresses: list = field(default_factory=list)
    removed_files: set = field(default_factory=set)
    # The posts whose pages (or whose place among what readers may see) changed: ids as text.
    posts: set = field(default_factory=set)


def plan(state, snapshot, format_version, site, now=None):
    """The sync to run from the mirror's recorded ``state`` to ``snapshot``."""
    now = now or datetime.now(UTC)
    reason = _needs_full(state, format_version, site, now)
    if reason:
        return Plan(full=True, reason=reason)
    changed_posts, site_wide = read_log(state["change_id"], snapshot.change_id)
    # Asked after reading, so that a pruning that ran meanwhile cannot leave a gap unseen.
    if is_pruned(state["change_id"]):
        return Plan(full=True, reason="the change log no longer reaches back to the mirror's last run")
    if site_wide:
        return Plan(full=True, reason="site-wide change: " + ", ".join(sorted(site_wide)[:5]))
    before, after = state["posts"], snapshot.posts
    changed = {str(post_id) for post_id in changed_posts} | (set(before) ^ set(after))
    changed |= {post_id for post_id in set(before) & set(after) if before[post_id] != after[post_id]}
    keys = {found[post_id][2] for found in (before, after) for post_id in changed if post_id in found}
    changed |= {post_id for post_id, (_address, _stamp, key) in after.items() if key in keys}
    addresses = [after[post_id][0] for post_id in sorted(changed, key=int) if post_id in after]
    removed = {file_for(before[post_id][0]) for post_id in changed
               if post_id in before and (post_id not in after or after[post_id][0] != before[post_id][0])}
    for address, fingerprint in snapshot.archives.items():
        if state["archives"].get(address) != fingerprint:
            # A feed's fingerprint stands for both of its formats.
            addresses.extend([address, address + "atom/"] if address.endswith("/feed/") else [address])
    gone = set(state["archives"]) - set(snapshot.archives)
    removed |= {file_for(address) for address in gone}
    removed |= {file_for(address + "atom/") for address in gone if address.endswith("/feed/")}
    addresses.extend(_around(changed))
    addresses.extend(_site_pages(_sitemap_sections(state["archives"], snapshot.archives)))
    kept = list(dict.fromkeys(addresses))
    removed -= {file_for(address) for address in kept}
    return Plan(full=False, addresses=kept, removed_files=removed, posts=changed)


def _needs_full(state, format_version, site, now):
    if not state:
        return "a new mirror"
    if state.get("format") != format_version or not {"change_id", "posts", "archives"} <= set(state):
        return "the mirror was made by another version of Bayan"
    if state.get("site") != site:
        return f"the mirror's address changes from {state.get('site')} to {site}"
    full_at = datetime.fromisoformat(state.get("full_at", "1970-01-01T00:00:00+00:00"))
    if now - full_at >= FULL_RENDER_EVERY:
        return "a day since the last full render (anniversaries and dates move with the day)"
    return ""


def _around(post_ids):
    """Pages that show the changed posts besides the archives: their persons, organisations, open data."""
    ids = [int(post_id) for post_id in post_ids]
    if not ids:
        return []
    found = []
    links = PostPerson.objects.filter(post_id__in=ids, state=LinkState.LINKED, person__visibility="public")
    for slug in links.values_list("person__slug", flat=True).distinct():
        found.extend(person_address(language, slug) for language, _name in settings.LANGUAGES)
    from bayan.newsroom.models import PostPage

    keys = PostPage.objects.filter(pk__in=ids).values("translation_key")
    statements = Statement.objects.filter(translation_key__in=keys)
    for slug in (Signatory.objects.filter(statement__in=statements, organisation__visibility="public")
                 .values_list("organisation__slug", flat=True).distinct()):
        found.extend(organisation_address(language, slug) for language, _name in settings.LANGUAGES)
    if statements.exists():
        found.extend(f"/open-data/statements/{post_id}.json"
                     for post_id in PostPage.objects.filter(translation_key__in=statements.values("translation_key"))
                     .values_list("pk", flat=True))
    return found


def _sitemap_sections(archives_before, archives_after):
    """A test of which sitemap sections may have changed, from what the plan knows.

    The pages of a language's posts section are fingerprinted with the archives, so they are
    rendered again when what they list changed. Its archives section lists the home and the
    archives in use: it changes only when an archive of that language comes or goes. Other
    sections (persons, organisations) are always rendered again.
    """
    def language(address):
        return address.split("/")[1] if address.count("/") > 1 else ""

    archives = {language(address) for address in set(archives_before) ^ set(archives_after)}

    def wanted(name):
        kind, _dash, code = name.rpartition("-")
        if kind == "posts":
            return False
        if kind == "archives":
            return code in archives
        return True

    return wanted


def _site_pages(sitemap_sections=None):
    """Pages that count or list posts across the site: indexes, sitemaps, open data."""
    from django.urls import reverse

    found = [address_in(code, name, ()) for code, _name in settings.LANGUAGES for name in LANGUAGE_PAGES
             if name != "archives:home"]
    found.extend(reverse(name) for name in OPEN_DATA)
    found.extend(sitemap_section_addresses(sitemap_sections))
    return found
