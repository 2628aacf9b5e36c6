"""Posts and pages: one WordPress item written as a page, and a batch's relations written in bulk.

A page is saved with Django's plain ``Model.save`` (Wagtail's would place it in the
tree, check its slug and queue index work once per page, all of which the import
does per batch). Its tags, bylines, further categories and import records are
collected and written for the whole batch at once by ``write_relations``.
"""

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from bayan.newsroom.models import PostPage, StandardPage, TaggedPost
from bayan.newsroom.text import html_to_text

from . import values
from .content import convert_body
from .models import ImportedComment, ImportedItem


@dataclass
class WrittenPage:
    """A page saved in the current batch, with the rows that are written for the whole batch at once."""

    page: Page
    created: bool
    record: ImportedItem
    tags: list
    authors: list
    other_categories: list


class PageWriter:
    """Writes items as posts and pages; ``known`` and ``existing`` are the batch's records and live page ids."""

    def __init__(self, run):
        # The run gives the collaborators: report, terms, tree, redirects, media, homes, source.
        self.run = run
        self.known = {}
        self.existing = set()
        self.content_types = {model: ContentType.objects.get_for_model(model) for model in (PostPage, StandardPage)}

    def begin_batch(self, batch):
        """Read the batch's import records and which of their pages still exist: two queries per batch."""
        ids = [item.fields["post_id"] for item, _where in batch]
        self.known = {
            (record.kind, record.wp_id): record
            for record in ImportedItem.objects.filter(source=self.run.source, kind__in=["post", "page"], wp_id__in=ids)
        }
        self.existing = set(Page.objects.filter(
            pk__in=[record.target_id for record in self.known.values() if record.target_id]
        ).values_list("pk", flat=True))

    def write(self, item, language):
        """Create or update the page of one item; a WrittenPage, or the record of an unchanged one."""
        run = self.run
        fields = item.fields
        wp_id = fields["post_id"]
        kind = fields.get("post_type", "post")
        # The language is part of the digest: the same item imported under another mapping is updated.
        checksum = values.digest(fields, item.terms, item.meta, item.comments, language)
        known = self.known.get((kind, wp_id))
        model = PostPage if kind == "post" else StandardPage
        exists = known is not None and known.target_id in self.existing
        if exists and known.checksum == checksum:
            run.report.count(kind, "unchanged")
            return known
        page = model.objects.filter(pk=known.target_id).first() if exists else None
        moment = values.date(fields.get("post_date"), fields.get("post_date_gmt"), fields.get("pubDate"))
        moment = moment or timezone.now()
        conversion = convert_body(fields.get("content", ""), run.media.attachment_urls)
        run.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
        status = fields.get("status", "publish")
        home = run.homes[language]
        created = page is None
        if created:
            page = model(locale=home.locale, translation_key=uuid.uuid4())
            parent = run.tree.parent_of(item, home) if kind == "page" else home
            page.slug = run.tree.free_slug(parent, values.intended_slug(fields))
        page.title = page.draft_title = values.title(fields)
        page.body = conversion.html
        page.live = status in ("publish", "private")
        page.has_unpublished_changes = not page.live
        page.go_live_at = moment if status == "future" else None
        page.first_published_at = moment if page.live else None
        page.last_published_at = moment if page.live else None
        categories, tags, authors = run.terms.of_post(item, language) if kind == "post" else ([], [], [])
        if kind == "post":
            page.date = moment
            page.excerpt = html_to_text(fields.get("excerpt", "")).strip()
            page.category = categories[0] if categories else None
            page.refresh_listing_fields()
        if created:
            run.tree.place(page, parent)
            page.content_type = self.content_types[model]
        models.Model.save(page)
        self._restriction(page, fields, created)
        self._comments(page, item)
        data = {"status": status, "sticky": fields.get("is_sticky") == "1", "menu_order": fields.get("menu_order"),
                "link": fields.get("link"), "guid": fields.get("guid"), "meta": item.meta,
                "featured_image": (item.meta.get("_thumbnail_id") or [None])[0],
                "terms": item.terms, "language": language, "comment_status": fields.get("comment_status")}
        record = known or ImportedItem(source=run.source, kind=kind, wp_id=wp_id)
        record.checksum, record.data, record.imported_at = checksum, data, timezone.now()
        if kind == "page":
            run.tree.page_ids[wp_id] = page.pk
        run.redirects.for_page(page, item, language)
        run.report.count(kind, "created" if created else "updated")
        return WrittenPage(page, created, record, tags, authors, categories[1:])

    def _restriction(self, page, fields, created):
        """A password or private post keeps its restriction: WordPress's password, or signed-in readers only."""
        if not created:
            PageViewRestriction.objects.filter(page=page).delete()
        if fields.get("post_password"):
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=fields["post_password"]
            )
        elif fields.get("status") == "private":
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    def _comments(self, page, item):
        """Readers' comments are kept (never shown unless an editor decides to), one row per WordPress id."""
        for comment in item.comments:
            wp_id = comment.get("comment_id", "")
            if not wp_id:
                continue
            ImportedComment.objects.update_or_create(
                source=self.run.source, wp_id=wp_id,
                defaults={
                    "page": page, "parent_wp_id": comment.get("comment_parent", ""),
                    "author": comment.get("comment_author", "")[:255],
                    "author_email": comment.get("comment_author_email", "")[:255],
                    "author_url": comment.get("comment_author_url", "")[:500],
                    "date": values.date(comment.get("comment_date"), comment.get("comment_date_gmt"), None),
                    "content": comment.get("comment_content", ""), "approved": comment.get("comment_approved") == "1",
                    "data": comment,
                },
            )
            self.run.report.count("comment", "kept")


def write_relations(written):
    """Store the import records, tag links, bylines and further categories of a batch's pages in bulk."""
    updated = [outcome.page.pk for outcome in written if not outcome.created]
    also_filed = PostPage.other_categories.through
    bylines = PostPage.authors.through
    if updated:
        # An updated post's relations are written anew: whatever the newer export dropped goes.
        TaggedPost.objects.filter(content_object_id__in=updated).delete()
        bylines.objects.filter(postpage_id__in=updated).delete()
        also_filed.objects.filter(postpage_id__in=updated).delete()
    also_filed.objects.bulk_create(
        [also_filed(postpage=outcome.page, category=category)
         for outcome in written for category in outcome.other_categories]
    )
    TaggedPost.objects.bulk_create(
        [TaggedPost(content_object=outcome.page, tag=tag) for outcome in written for tag in outcome.tags]
    )
    bylines.objects.bulk_create(
        [bylines(postpage=outcome.page, author=author) for outcome in written for author in outcome.authors]
    )
    fresh, known = [], []
    for outcome in written:
        record = outcome.record
        record.target_id = outcome.page.pk
        (known if record.pk else fresh).append(record)
    ImportedItem.objects.bulk_create(fresh)
    ImportedItem.objects.bulk_update(known, ["target_id", "checksum", "data", "imported_at"])
