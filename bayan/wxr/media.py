"""Attachments: a record of each, and with ``--uploads`` the file itself copied into the media library.

Without a local copy of ``wp-content/uploads`` an attachment keeps its original
address. With one, each file found there becomes an image or a document (in the
collection "WordPress import") and, once every post is written, bodies that linked
to the old file link to the copy. A dry run only looks for the files: it copies none.
"""

from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.db import models
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from bayan.newsroom.models import PostPage, StandardPage

from .models import ImportedItem
from .values import digest

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
CHUNK = 500


def import_collection():
    """The media collection imported files go into, under the root collection."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="WordPress import").first()
    return existing or root.add_child(name="WordPress import")


class Media:
    """The attachments of one run; ``attachment_urls`` lets bodies' galleries find them by id."""

    def __init__(self, report, uploads=None, dry_run=False):
        self.report = report
        self.uploads = uploads
        self.dry_run = dry_run
        self.source = ""
        self.attachment_urls = {}
        # Old address -> the copy's address, for every file this or an earlier run copied.
        self.local_files = {}

    def attachment(self, item, wp_id):
        """Record an attachment (and copy its file if there is an uploads folder); one record per WordPress id."""
        fields = item.fields
        url = fields.get("attachment_url") or fields.get("guid", "")
        self.attachment_urls[wp_id] = url
        data = {
            "url": url, "title": fields.get("title", ""), "parent": fields.get("post_parent", ""),
            "alt": (item.meta.get("_wp_attachment_image_alt") or [""])[0], "caption": fields.get("excerpt", ""),
            "description": fields.get("content", ""), "meta": item.meta,
        }
        # The uploads folder is part of the digest: the same export with a folder this time copies the files.
        checksum = digest(data, str(self.uploads))
        known = ImportedItem.objects.filter(source=self.source, kind="attachment", wp_id=wp_id).first()
        if known and known.checksum == checksum:
            if known.data.get("local_url"):
                self.local_files[url] = known.data["local_url"]
            self.report.count("attachment", "unchanged")
            return
        if self.uploads:
            data.update(self._copy_upload(url, data["title"], data["alt"]))
        ImportedItem.objects.update_or_create(
            source=self.source, kind="attachment", wp_id=wp_id, defaults={"checksum": checksum, "data": data}
        )
        self.report.count("attachment", "updated" if known else "created")

    def _local_file(self, url):
        """The file under the uploads folder behind an old upload address, or None (named in the report)."""
        path = urlsplit(url).path
        if "/wp-content/uploads/" not in path:
            return None
        relative = unquote(path.split("/wp-content/uploads/", 1)[1])
        source = (self.uploads / relative).resolve()
        # Resolved and checked to stay inside the folder: an export cannot point outside it with "../".
        if self.uploads.resolve() not in source.parents or not source.is_file():
            self.report.problems.append(f"attachment file not found under {self.uploads}: {relative}")
            return None
        return source

    def _copy_upload(self, url, title, alt):
        """Bring the file behind an attachment from the local uploads folder into the media library."""
        source = self._local_file(url)
        if source is None:
            return {}
        kind = "image" if source.suffix.lower() in IMAGE_SUFFIXES else "document"
        if self.dry_run:
            # Storage writes files outside any transaction: a dry run says what it would copy and stops there.
            self.report.count(kind, "copied")
            return {}
        collection = import_collection()
        with open(source, "rb") as handle:
            if kind == "image":
                stored = Image(title=title or source.name, collection=collection, description=alt or "")
            else:
                stored = Document(title=title or source.name, collection=collection)
            stored.file.save(source.name, File(handle), save=False)
            stored.save()
        self.local_files[url] = stored.file.url
        self.report.count(kind, "copied")
        return {"local_kind": kind, "local_id": stored.pk, "local_url": stored.file.url}

    def rewrite_upload_links(self):
        """Point bodies at the copied files instead of the old site's uploads.

        Only bodies that still mention an upload address are read, a chunk of pages at a time.
        """
        if not self.local_files:
            return
        targets = list(ImportedItem.objects.filter(
            source=self.source, kind__in=["post", "page"], target_id__isnull=False,
        ).values_list("target_id", flat=True))
        for start in range(0, len(targets), CHUNK):
            chunk = targets[start:start + CHUNK]
            for model in (PostPage, StandardPage):
                for page in model.objects.filter(pk__in=chunk, body__contains="/wp-content/uploads/"):
                    body = page.body
                    for old, new in self.local_files.items():
                        body = body.replace(old, new)
                    if body != page.body:
                        page.body = body
                        if isinstance(page, PostPage):
                            page.refresh_listing_fields()
                        # Model.save: Wagtail's Page.save would check the tree and slugs the import already keeps.
                        models.Model.save(page)
