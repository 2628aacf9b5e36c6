"""Deletion is never silent: a deleted post or page goes to the bin, from which an administrator restores it.

Deleting in the admin (one page or many) unpublishes the page, which Wagtail
records with a revision and an audit entry, and moves it under the bin page, out of
every site. Restoring moves it back under its old parent (or its language's home)
with its old slug (or a free variant) and republishes it if it was live. Only
purging, by an administrator, deletes for good; it too is in the audit log.
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from .models import BinEntry, BinPage, HomePage


def the_bin():
    """The one bin page, under the root (made by migration; made again here if someone removed it)."""
    found = BinPage.objects.first()
    if found is None:
        found = Page.get_first_root_node().add_child(instance=BinPage(title="Bin", slug="bin", live=False))
    return found


def in_bin(page):
    """True for the bin itself and anything in it."""
    bin_page = BinPage.objects.first()
    return bin_page is not None and page.path.startswith(bin_page.path)


@transaction.atomic
def move_to_bin(page, user=None):
    """Unpublish ``page`` (and what is under it) and keep it in the bin; returns its BinEntry."""
    page = page.specific
    bin_page = the_bin()
    entry = BinEntry.objects.create(page=page, parent=page.get_parent(), slug=page.slug, was_live=page.live,
                                    live_revision_id=page.live_revision_id if page.live else None,
                                    deleted_by=user)
    if page.live:
        UnpublishPageAction(page, user=user, include_descendants=True).execute(skip_permission_checks=True)
    # Two binned pages may share a slug (from different parents); in the bin each is made unique.
    Page.objects.filter(pk=page.pk).update(slug=f"{page.pk}-{page.slug}"[:255])
    MovePageAction(Page.objects.get(pk=page.pk), bin_page, pos="last-child", user=user).execute(
        skip_permission_checks=True)
    log(instance=page, action="bayan.bin", user=user, data={"title": page.title})
    return entry


@transaction.atomic
def restore(entry, user=None):
    """Put a binned page back where it was, live again if it was live; returns the page."""
    page = entry.page.specific
    parent = entry.parent
    if parent is None or in_bin(parent):
        parent = HomePage.objects.filter(locale=page.locale).first() or page.get_parent()
    slug = _free_slug(parent, entry.slug)
    Page.objects.filter(pk=page.pk).update(slug=slug)
    MovePageAction(Page.objects.get(pk=page.pk), parent, pos="last-child", user=user).execute(
        skip_permission_checks=True)
    page = Page.objects.get(pk=page.pk).specific
    if entry.was_live:
        revision = entry.live_revision
        if revision is None or slug != entry.slug:
            # The old slug is taken now (or the live version is unknown): what readers saw, which
            # the page's own row still holds, comes back under the free slug as a new revision.
            revision = page.save_revision(user=user, log_action=False)
        revision.publish(user=user, skip_permission_checks=True)
    log(instance=page, action="bayan.restore", user=user, data={"title": page.title, "parent": parent.pk})
    entry.delete()
    return Page.objects.get(pk=page.pk).specific


@transaction.atomic
def purge(entry, user=None):
    """Delete a binned page for good (with everything under it). The audit entry stays."""
    page = entry.page.specific
    log(instance=page, action="bayan.purge", user=user, data={"title": page.title})
    page.delete()


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, suffix = slug, 2
    while candidate in taken:
        candidate, suffix = f"{slugify(slug, allow_unicode=True) or 'page'}-{suffix}", suffix + 1
    return candidate
