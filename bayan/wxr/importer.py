"""Importing WordPress exports into the newsroom, keeping every old address alive.

``import_files`` reads one or more WXR files (a split export is several files of
one site), writes posts and pages in batches, and returns a ``Report``. Every
item is keyed by the source site and its WordPress id, so importing again
changes nothing and a newer export updates only what changed.
"""

import hashlib
import json
import re
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch import signal_handlers as search_signal_handlers
from wagtail.contrib.redirects.models import Redirect
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, PageViewRestriction

from bayan.database import refresh_statistics, stream_without_memory_map
from bayan.newsroom.models import Author, Category, HomePage, PostPage, StandardPage, Tag, TaggedPost
from bayan.archives.entries import numbering_deferred
from bayan.newsroom.signals import posts_changed
from bayan.newsroom.text import SLUG_CHARACTERS, html_to_text
from bayan.search import indexing as search_indexing

from .content import convert_body
from .models import ImportedComment, ImportedItem
from .reader import WXRError, read_records

BATCH = 500
LANGUAGES = {code for code, _name in settings.LANGUAGES}
SKIPPED_STATUSES = {"trash": "in WordPress's trash", "auto-draft": "an unsaved automatic draft", "inherit": "a revision"}
IMPORTED_TYPES = {"post", "page", "attachment"}
_SERIALIZED_LANGUAGE = re.compile(r's:\d+:"(\w+)";i:(\d+);')
# WPML's "Export and Import" add-on writes these into each item's meta; older WPML exports carry the first.
WPML_LANGUAGE_KEYS = ("_wpml_language", "_wpml_import_language_code")
WPML_GROUP_KEY = "_wpml_import_translation_group"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def _import_collection():
    """The media collection imported files go into, under the root collection."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="WordPress import").first()
    return existing or root.add_child(name="WordPress import")


@dataclass
class Report:
    """Counts per kind and outcome, every skipped item with its reason, every unknown shortcode."""

    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    skipped: list = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def skip(self, where, kind, wp_id, reason):
        self.counts[kind]["skipped"] += 1
        self.skipped.append({"where": where, "kind": kind, "wp_id": wp_id, "reason": reason})

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": {kind: dict(outcomes) for kind, outcomes in sorted(self.counts.items())},
            "skipped": self.skipped,
            "unknown_shortcodes": dict(self.unknown_shortcodes.most_common()),
            "problems": self.problems,
        }


def _digest(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


_WORD_SLUG = re.compile(rf"^{SLUG_CHARACTERS}+\Z")


def _slug(raw, fallback):
    """The slug to keep: WordPress's own, decoded to Unicode, whenever it can be an address here.

    Keeping it unchanged is what keeps old links working without a redirect; a slug
    with characters no address segment here can hold is reduced to one that can
    (and the old address then redirects).
    """
    slug = unquote(raw or "").strip().strip("/")
    if not _WORD_SLUG.match(slug):
        slug = slugify(slug, allow_unicode=True) if slug else ""
    return (slug or slugify(fallback or "", allow_unicode=True) or "item")[:200]


def _title(fields):
    """The item's title, or a stand-in naming its type and id when WordPress stored none."""
    return (fields.get("title") or "").strip() or f"({fields.get('post_type', 'post')} {fields.get('post_id', '')})"


def _intended_slug(fields):
    """The slug an item asks for, before any ``-2`` that a taken one needs."""
    return _slug(fields.get("post_name"), _title(fields))


def _date(local_text, gmt_text, pub_date):
    """The post's moment: WordPress's GMT date, else its site-time date, else the RSS pubDate."""
    for text, zone in ((gmt_text, dt_timezone.utc), (local_text, timezone.get_default_timezone())):
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


def _lineage(nicename, parents):
    """A category's nicename after its ancestors', as in WordPress's ``/category/parent/child/`` (loops cut)."""
    lineage = [nicename]
    while (parent := parents.get(lineage[0])) and parent not in lineage:
        lineage.insert(0, parent)
    return lineage


def _path(url):
    """The path and query of an old address, as Wagtail's redirects store it."""
    parts = urlsplit(url or "")
    if not parts.path and not parts.query:
        return ""
    return Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))


@dataclass
class WrittenPage:
    """A page saved in the current batch, with the rows that are written for the whole batch at once."""

    page: Page
    created: bool
    record: ImportedItem
    tags: list
    authors: list
    other_categories: list


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


class Importer:
    """One import run over the files of one WordPress site."""

    def __init__(self, report, default_language=None, progress=None, uploads=None):
        self.report = report
        self.uploads = Path(uploads) if uploads else None
        self.local_files = {}
        # A language given by the operator wins over the one the export's channel declares.
        self.default_language_fixed = default_language is not None
        self.default_language = default_language or "en"
        self.progress = progress or (lambda *args: None)
        self.source = ""
        self.homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.post_type = ContentType.objects.get_for_model(PostPage)
        self.authors = {}
        self.category_records = {}
        self.tag_records = {}
        self.translation_groups = {}
        self.attachment_urls = {}
        self.pending = []
        self.items_seen = 0
        self.ids_seen = SeenIds()
        self.tags = {}
        self.categories = {}
        self.redirects = {}
        # Per parent page: the last tree step used, read once per run.
        self.children = {}
        # (parent path, slug) of pages that exist or that this batch has placed, for the batch being written.
        self.batch_slugs = set()
        self.batch_known = {}
        self.batch_pages = set()
        # Pages written in this run by WordPress id, for children whose parent's record is not stored yet.
        self.page_ids = {}
        self.categories_being_placed = set()
        self.parents_touched = set()
        # Old addresses claimed by the batch being written; earlier batches' claims are the
        # redirects this run wrote, those with ids above the last one before it began.
        self.claimed_paths = {}
        self.redirects_before_run = Redirect.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # --- terms and people -------------------------------------------------------------------

    def channel(self, record):
        self.source = (record.get("base_site_url") or record.get("link") or "").rstrip("/") or "unknown-site"
        language = (record.get("language") or "").split("-")[0].lower()
        if language in LANGUAGES and not self.default_language_fixed:
            self.default_language = language

    def author(self, record):
        login = record.get("author_login", "")
        if not login:
            return
        name = record.get("author_display_name") or login
        self.authors[login] = self._author(login, name, record)

    def _author(self, login, name, record=None):
        key = login
        slug = _slug(login, name)
        checksum = _digest(name, slug, record)
        known = ImportedItem.objects.filter(source=self.source, kind="author", wp_id=key).first()
        if known and (author := Author.objects.filter(pk=known.target_id).first()):
            if known.checksum == checksum:
                self.report.count("author", "unchanged")
            else:
                author.name = name
                author.save()
                known.checksum = checksum
                known.save()
                self.report.count("author", "updated")
            return author
        author = Author.objects.filter(slug=slug).first() or Author.objects.create(name=name, slug=slug)
        ImportedItem.objects.update_or_create(
            source=self.source, kind="author", wp_id=key,
            defaults={"target_id": author.pk, "checksum": checksum, "data": record or {}},
        )
        self.report.count("author", "created")
        return author

    def term(self, kind, record):
        if kind == "category":
            slug = record.get("category_nicename", "")
            self.category_records[slug] = record
        elif kind == "tag":
            self.tag_records[record.get("tag_slug", "")] = record
        elif record.get("term_taxonomy") == "post_translations":
            group = {language: post_id for language, post_id in _SERIALIZED_LANGUAGE.findall(
                record.get("term_description", ""))}
            self.translation_groups[record.get("term_slug", "")] = group

    def _tag(self, nicename, name):
        if nicename not in self.tags:
            self.tags[nicename] = self._find_or_make_tag(nicename, name)
        return self.tags[nicename]

    def _find_or_make_tag(self, nicename, name):
        slug = _slug(nicename, name)
        record = self.tag_records.get(nicename, {})
        tag = Tag.objects.filter(slug=slug).first()
        outcome = "unchanged"
        if tag is None:
            base, suffix = name or slug, 2
            while Tag.objects.filter(name__iexact=name).exists():
                name, suffix = f"{base} ({suffix})", suffix + 1
            tag = Tag.objects.create(name=name or slug, slug=slug, description=record.get("tag_description", ""))
            outcome = "created"
        elif record.get("tag_description") and tag.description != record["tag_description"]:
            tag.description = record["tag_description"]
            tag.save(update_fields=["description"])
            outcome = "updated"
        _, made = ImportedItem.objects.get_or_create(
            source=self.source, kind="tag", wp_id=nicename, defaults={"target_id": tag.pk, "data": record}
        )
        if made or outcome != "unchanged":
            self.report.count("tag", outcome)
        return tag

    def _category(self, language, nicename, name):
        if (language, nicename) not in self.categories:
            self.categories[language, nicename] = self._find_or_make_category(language, nicename, name)
        return self.categories[language, nicename]

    def _find_or_make_category(self, language, nicename, name):
        slug = _slug(nicename, name)
        locale = self.locales[language]
        record = self.category_records.get(nicename, {})
        category = Category.objects.filter(locale=locale, slug=slug).first()
        made = category is None
        if made:
            category = Category.objects.create(
                locale=locale, slug=slug, name=name or record.get("cat_name") or slug,
                description=record.get("category_description", ""),
            )
        _, recorded = ImportedItem.objects.get_or_create(
            source=self.source, kind="category", wp_id=f"{language}:{nicename}",
            defaults={"target_id": category.pk, "data": record},
        )
        if recorded:
            self.report.count("category", "created" if made else "matched")
        self._place_category(category, language, nicename, record)
        return category

    def _place_category(self, category, language, nicename, record):
        """Put the category under the parent the export names, making the parent first if need be."""
        parent_nicename = (record.get("category_parent") or "").strip()
        if not parent_nicename:
            return
        if parent_nicename in self.categories_being_placed or parent_nicename == nicename:
            self.report.problems.append(
                f"category “{nicename}” sits inside “{parent_nicename}”, which sits inside it: a loop in the export; "
                f"“{nicename}” is kept at the top"
            )
            return
        self.categories_being_placed.add(nicename)
        try:
            parent_record = self.category_records.get(parent_nicename, {})
            parent = self._category(language, parent_nicename, parent_record.get("cat_name", ""))
        finally:
            self.categories_being_placed.discard(nicename)
        if category.parent_id == parent.pk:
            return
        if category.pk in parent.lineage_ids():
            self.report.problems.append(
                f"category “{nicename}” would sit inside its own subcategory “{parent_nicename}”: a loop; "
                "it is kept where it was"
            )
            return
        category.parent = parent
        category.save(update_fields=["parent"])

    def declared_terms(self):
        """Categories and tags the export declares but no imported post uses: kept too, nothing is lost.

        An unused category has no language of its own; it is made in the site's default language.
        """
        used = {record.split(":", 1)[1] for record in ImportedItem.objects.filter(
            source=self.source, kind="category").values_list("wp_id", flat=True)}
        for nicename, record in self.category_records.items():
            if nicename and nicename not in used:
                self._category(self.default_language, nicename, record.get("cat_name", ""))
        for nicename, record in self.tag_records.items():
            if nicename:
                self._tag(nicename, record.get("tag_name", ""))

    # --- items ----------------------------------------------------------------------------

    def item(self, item, where):
        self.items_seen += 1
        fields = item.fields
        wp_id = fields.get("post_id", "")
        post_type = fields.get("post_type", "post")
        status = fields.get("status", "publish")
        if not wp_id:
            self.report.skip(where, post_type, "", "the item has no wp:post_id in WordPress's export namespace")
            return
        if post_type not in IMPORTED_TYPES:
            self.report.skip(where, post_type, wp_id, f"post type “{post_type}” is not imported")
            return
        if status in SKIPPED_STATUSES and post_type != "attachment":
            self.report.skip(where, post_type, wp_id, f"status “{status}”: {SKIPPED_STATUSES[status]}")
            return
        repeat = self.ids_seen.count((post_type, wp_id))
        if repeat > 1:
            # Hand-edited exports can repeat an id; both items are kept, the later under a derived key.
            self.report.problems.append(f"{where}: {post_type} id {wp_id} appears {repeat} times; each is kept")
            wp_id = item.fields["post_id"] = f"{wp_id}~{repeat}"
        if post_type == "attachment":
            self._attachment(item, wp_id)
            return
        self.pending.append((item, where))
        if len(self.pending) >= BATCH:
            self.flush()

    def _attachment(self, item, wp_id):
        fields = item.fields
        url = fields.get("attachment_url") or fields.get("guid", "")
        self.attachment_urls[wp_id] = url
        data = {
            "url": url, "title": fields.get("title", ""), "parent": fields.get("post_parent", ""),
            "alt": (item.meta.get("_wp_attachment_image_alt") or [""])[0], "caption": fields.get("excerpt", ""),
            "description": fields.get("content", ""), "meta": item.meta,
        }
        checksum = _digest(data, str(self.uploads))
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

    def _copy_upload(self, url, title, alt):
        """Bring the file behind an attachment from the local uploads folder into the media library."""
        path = urlsplit(url).path
        if "/wp-content/uploads/" not in path:
            return {}
        relative = unquote(path.split("/wp-content/uploads/", 1)[1])
        source = (self.uploads / relative).resolve()
        if self.uploads.resolve() not in source.parents or not source.is_file():
            self.report.problems.append(f"attachment file not found under {self.uploads}: {relative}")
            return {}
        collection = _import_collection()
        with open(source, "rb") as handle:
            if source.suffix.lower() in IMAGE_SUFFIXES:
                stored = Image(title=title or source.name, collection=collection, description=alt or "")
                stored.file.save(source.name, File(handle), save=False)
                stored.save()
                kind = "image"
            else:
                stored = Document(title=title or source.name, collection=collection)
                stored.file.save(source.name, File(handle), save=False)
                stored.save()
                kind = "document"
        self.local_files[url] = stored.file.url
        self.report.count(kind, "copied")
        return {"local_kind": kind, "local_id": stored.pk, "local_url": stored.file.url}

    def rewrite_upload_links(self):
        """Point bodies at the copied files instead of the old site's uploads."""
        if not self.local_files:
            return
        for known in ImportedItem.objects.filter(source=self.source, kind__in=["post", "page"], target_id__isnull=False):
            page = Page.objects.filter(pk=known.target_id).first()
            page = page and page.specific
            if page is None or not getattr(page, "body", ""):
                continue
            body = page.body
            for old, new in self.local_files.items():
                body = body.replace(old, new)
            if body != page.body:
                page.body = body
                if isinstance(page, PostPage):
                    page.refresh_listing_fields()
                models.Model.save(page)

    def flush(self):
        """Write the pending posts and pages in one transaction, their links and records in bulk."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        ids = [item.fields["post_id"] for item, _where in batch]
        self.batch_known = {
            (record.kind, record.wp_id): record
            for record in ImportedItem.objects.filter(source=self.source, kind__in=["post", "page"], wp_id__in=ids)
        }
        self.batch_pages = set(Page.objects.filter(
            pk__in=[record.target_id for record in self.batch_known.values() if record.target_id]
        ).values_list("pk", flat=True))
        self.batch_slugs = self._taken_slugs(batch)
        written = []
        with transaction.atomic():
            for item, where in batch:
                try:
                    with transaction.atomic():
                        outcome = self._page(item, where)
                except (ValueError, TypeError, KeyError) as error:
                    self.report.skip(where, item.fields.get("post_type", "post"), item.fields.get("post_id", ""),
                                     f"could not be imported: {error}")
                    self._forget_rolled_back()
                    continue
                if outcome is not None:
                    written.append(outcome)
            self._write_batch(written)
            self.write_redirects()
            for parent in Page.objects.filter(pk__in=self.parents_touched):
                # Counted from the tree itself: treebeard's get_children() trusts the numchild being repaired.
                children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
                Page.objects.filter(pk=parent.pk).update(numchild=children)
            if written:
                changed = [outcome.page.pk for outcome in written]
                search_backend = get_search_backend()
                for model in (PostPage, StandardPage):
                    search_backend.add_bulk(model, list(model.objects.filter(pk__in=changed)))
                posts_changed.send(sender=Importer, post_ids=changed)
        self.progress(self.items_seen)

    def _forget_rolled_back(self):
        """Drop what the caches learnt from an item whose writes were rolled back; it is read again when needed."""
        self.tags.clear()
        self.categories.clear()
        self.children.clear()

    def _write_batch(self, written):
        """Store the import records, tag links, bylines and further categories of a batch's pages in bulk."""
        updated = [outcome.page.pk for outcome in written if not outcome.created]
        also_filed = PostPage.other_categories.through
        if updated:
            TaggedPost.objects.filter(content_object_id__in=updated).delete()
            PostPage.authors.through.objects.filter(postpage_id__in=updated).delete()
            also_filed.objects.filter(postpage_id__in=updated).delete()
        also_filed.objects.bulk_create(
            [also_filed(postpage=outcome.page, category=category)
             for outcome in written for category in outcome.other_categories]
        )
        TaggedPost.objects.bulk_create(
            [TaggedPost(content_object=outcome.page, tag=tag) for outcome in written for tag in outcome.tags]
        )
        PostPage.authors.through.objects.bulk_create(
            [PostPage.authors.through(postpage=outcome.page, author=author)
             for outcome in written for author in outcome.authors]
        )
        fresh, known = [], []
        for outcome in written:
            record = outcome.record
            record.target_id = outcome.page.pk
            (known if record.pk else fresh).append(record)
        ImportedItem.objects.bulk_create(fresh)
        ImportedItem.objects.bulk_update(known, ["target_id", "checksum", "data", "imported_at"])

    def _language(self, item):
        """Polylang's language term, else WPML's language meta, else the site's language."""
        for domain, nicename, name in item.terms:
            if domain == "language" and (nicename or name).lower() in LANGUAGES:
                return (nicename or name).lower()
        for key in WPML_LANGUAGE_KEYS:
            language = (item.meta.get(key) or [""])[0].split("-")[0].lower()
            if language in LANGUAGES:
                return language
        return self.default_language

    def _wpml_group(self, item, language):
        """Note the WPML translation group an item belongs to; link_translations joins each group."""
        group = (item.meta.get(WPML_GROUP_KEY) or [""])[0].strip()
        if group:
            self.translation_groups.setdefault(f"wpml:{group}", {})[language] = item.fields["post_id"]

    def _page(self, item, where):
        fields = item.fields
        wp_id = fields["post_id"]
        kind = fields.get("post_type", "post")
        language = self._language(item)
        self._wpml_group(item, language)
        checksum = _digest(fields, item.terms, item.meta, item.comments, language)
        known = self.batch_known.get((kind, wp_id))
        model = PostPage if kind == "post" else StandardPage
        exists = known is not None and known.target_id in self.batch_pages
        if exists and known.checksum == checksum:
            self.report.count(kind, "unchanged")
            return None
        page = model.objects.filter(pk=known.target_id).first() if exists else None
        date = _date(fields.get("post_date"), fields.get("post_date_gmt"), fields.get("pubDate")) or timezone.now()
        conversion = convert_body(fields.get("content", ""), self.attachment_urls)
        self.report.unknown_shortcodes.update(conversion.unknown_shortcodes)
        title = _title(fields)
        status = fields.get("status", "publish")
        home = self.homes[language]
        created = page is None
        if created:
            page = model(locale=home.locale, translation_key=uuid.uuid4())
            parent = self._parent(item, home) if kind == "page" else home
            page.slug = self._free_slug(parent, _intended_slug(fields))
        page.title = page.draft_title = title
        page.body = conversion.html
        page.live = status in ("publish", "private")
        page.has_unpublished_changes = not page.live
        page.go_live_at = date if status == "future" else None
        page.first_published_at = date if page.live else None
        page.last_published_at = date if page.live else None
        if kind == "post":
            page.date = date
            page.excerpt = html_to_text(fields.get("excerpt", "")).strip()
            categories = self._post_categories(item, language)
            page.category = categories[0] if categories else None
            page.refresh_listing_fields()
        if created:
            page.depth = parent.depth + 1
            page.path = self._next_path(parent)
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type = ContentType.objects.get_for_model(model)
            page.numchild = 0
            models.Model.save(page)
        else:
            models.Model.save(page)
        tags, authors = self._post_relations(item) if kind == "post" else ([], [])
        other_categories = categories[1:] if kind == "post" else []
        self._restriction(page, fields, created)
        self._comments(page, item)
        data = {"status": status, "sticky": fields.get("is_sticky") == "1", "menu_order": fields.get("menu_order"),
                "link": fields.get("link"), "guid": fields.get("guid"), "meta": item.meta,
                "featured_image": (item.meta.get("_thumbnail_id") or [None])[0],
                "terms": item.terms, "language": language, "comment_status": fields.get("comment_status")}
        record = known or ImportedItem(source=self.source, kind=kind, wp_id=wp_id)
        record.checksum, record.data, record.imported_at = checksum, data, timezone.now()
        if kind == "page":
            self.page_ids[wp_id] = page.pk
        self._redirects(page, item, language)
        self.report.count(kind, "created" if created else "updated")
        return WrittenPage(page, created, record, tags, authors, other_categories)

    def _last_step(self, parent):
        """The last tree step used under ``parent``, read from the database once per run."""
        if parent.pk not in self.children:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path").values_list("path", flat=True).first()
            )
            self.children[parent.pk] = Page._str2int(last[-Page.steplen:]) if last else 0
        return self.children[parent.pk]

    def _taken_slugs(self, batch):
        """(parent path, slug) of existing pages whose slug an item of ``batch`` would take, in one query.

        Only this batch's slugs are held in memory, whatever the size of the export.
        """
        wanted = sorted({_intended_slug(item.fields) for item, _where in batch})
        taken = set()
        for start in range(0, len(wanted), 500):
            for slug, path in Page.objects.filter(slug__in=wanted[start:start + 500]).values_list("slug", "path"):
                taken.add((path[:-Page.steplen], slug))
        return taken

    def _free_slug(self, parent, slug):
        """``slug``, or ``slug-2``, ``slug-3``... if a sibling has it already."""
        candidate, suffix = slug, 2
        while self._slug_taken(parent, candidate, candidate == slug):
            candidate, suffix = f"{slug[:195]}-{suffix}", suffix + 1
        self.batch_slugs.add((parent.path, candidate))
        return candidate

    def _slug_taken(self, parent, candidate, prefetched):
        if (parent.path, candidate) in self.batch_slugs:
            return True
        if prefetched:
            return False
        # A numbered variant was not looked up with the batch: ask for it on its own (rare).
        return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, slug=candidate).exists()

    def _next_path(self, parent):
        self.parents_touched.add(parent.pk)
        self.children[parent.pk] = self._last_step(parent) + 1
        return Page._get_path(parent.path, parent.depth + 1, self.children[parent.pk])

    def _parent(self, item, home):
        parent_id = item.fields.get("post_parent", "0")
        if parent_id and parent_id != "0":
            parent_pk = self.page_ids.get(parent_id)
            if parent_pk is None:
                known = ImportedItem.objects.filter(source=self.source, kind="page", wp_id=parent_id).first()
                parent_pk = known and known.target_id
            parent = parent_pk and StandardPage.objects.filter(pk=parent_pk, locale=home.locale).first()
            if parent:
                return parent
        return home

    def _post_categories(self, item, language):
        """The post's categories in the export's order, each once; the first becomes its main one."""
        found = {}
        for domain, nicename, name in item.terms:
            if domain == "category":
                category = self._category(language, nicename, name)
                found[category.pk] = category
        return list(found.values())

    def _post_relations(self, item):
        """The post's tags and bylines (each once), its authors made on first sight."""
        tags, authors = {}, {}
        for domain, nicename, name in item.terms:
            if domain == "post_tag":
                tag = self._tag(nicename, name)
                tags[tag.pk] = tag
            elif domain == "author":  # Co-Authors Plus bylines
                login = nicename.removeprefix("cap-")
                author = self.authors.get(login) or self._author(login, name or login)
                authors[author.pk] = author
        creator = item.fields.get("creator", "")
        if creator and not authors:
            author = self.authors.get(creator) or self._author(creator, creator)
            authors[author.pk] = author
        return list(tags.values()), list(authors.values())

    def _restriction(self, page, fields, created):
        if not created:
            PageViewRestriction.objects.filter(page=page).delete()
        if fields.get("post_password"):
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=fields["post_password"]
            )
        elif fields.get("status") == "private":
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    def _comments(self, page, item):
        for comment in item.comments:
            wp_id = comment.get("comment_id", "")
            if not wp_id:
                continue
            ImportedComment.objects.update_or_create(
                source=self.source, wp_id=wp_id,
                defaults={
                    "page": page, "parent_wp_id": comment.get("comment_parent", ""),
                    "author": comment.get("comment_author", "")[:255],
                    "author_email": comment.get("comment_author_email", "")[:255],
                    "author_url": comment.get("comment_author_url", "")[:500],
                    "date": _date(comment.get("comment_date"), comment.get("comment_date_gmt"), None),
                    "content": comment.get("comment_content", ""), "approved": comment.get("comment_approved") == "1",
                    "data": comment,
                },
            )
            self.report.count("comment", "kept")

    def _redirects(self, page, item, language):
        """A permanent redirect from every old address of the page that differs from its new one."""
        # A post's address is known without asking the page tree; other pages ask it.
        new_path = Redirect.normalise_path(
            page.reader_path() if isinstance(page, PostPage) else (page.url or f"/{language}/{page.slug}/")
        )
        wp_id = item.fields["post_id"]
        query = "page_id" if item.fields.get("post_type") == "page" else "p"
        old_paths = {_path(item.fields.get("link")), _path(item.fields.get("guid"))}
        if "~" not in wp_id:  # a repeated id's derived key was never a WordPress address
            old_paths.add(Redirect.normalise_path(f"/?{query}={wp_id}"))
        self._redirect_paths(old_paths - {"", new_path, "/"}, page=page)

    def _redirect_paths(self, old_paths, page=None, link=None):
        """Queue redirects; ``write_redirects`` stores them, replacing any earlier one for the same address.

        Within one run an address that already leads to a page keeps leading there: when two
        items of an export claim one address, the first is the one WordPress served.
        """
        for old_path in old_paths:
            if len(old_path) > 255:
                self.report.problems.append(f"old address too long to redirect: {old_path[:80]}…")
                continue
            if page is not None:
                claimed_by = self.claimed_paths.setdefault(old_path, page.pk)
                if claimed_by != page.pk:
                    self.report.problems.append(
                        f"old address {old_path} belongs to two items; it leads to the first one")
                    continue
            self.redirects[old_path] = (page, link or "")

    def write_redirects(self):
        if not self.redirects:
            return
        queued, self.redirects = self.redirects, {}
        self.claimed_paths = {}
        paths = list(queued)
        for start in range(0, len(paths), 500):
            chunk = paths[start:start + 500]
            earlier = Redirect.objects.filter(
                site=None, old_path__in=chunk, id__gt=self.redirects_before_run, redirect_page__isnull=False,
            ).values_list("old_path", "redirect_page_id")
            for old_path, page_id in earlier:
                page, _link = queued[old_path]
                if page is not None and page.pk != page_id:
                    self.report.problems.append(
                        f"old address {old_path} belongs to two items; it leads to the first one")
                    del queued[old_path]
            Redirect.objects.filter(site=None, old_path__in=[path for path in chunk if path in queued]).delete()
        Redirect.objects.bulk_create(
            [Redirect(old_path=path, site=None, redirect_page=page, redirect_link=link, is_permanent=True)
             for path, (page, link) in queued.items()],
            batch_size=500,
        )

    def archive_redirects(self):
        """Old tag, category, author and feed addresses to their archives in the newsroom."""
        default = self.default_language
        records = list(ImportedItem.objects.filter(source=self.source, kind__in=["tag", "category", "author"]))
        category_parents = {record.wp_id.split(":", 1)[1]: (record.data or {}).get("category_parent", "")
                            for record in records if record.kind == "category"}
        for record in records:
            if record.kind == "tag":
                tag = Tag.objects.filter(pk=record.target_id).first()
                if tag:
                    self._archive_redirect(f"/tag/{record.wp_id}/", f"/{self._tag_language(tag)}/tag/{tag.slug}/")
            elif record.kind == "category":
                category = Category.objects.filter(pk=record.target_id).select_related("locale").first()
                if category and category.locale.language_code == default:
                    nicename = record.wp_id.split(":", 1)[1]
                    self._archive_redirect(f"/category/{nicename}/", category.reader_path())
                    # WordPress's own address for a subcategory names its ancestors too.
                    lineage = _lineage(nicename, category_parents)
                    if len(lineage) > 1:
                        self._archive_redirect(f"/category/{'/'.join(lineage)}/", category.reader_path())
            else:
                author = Author.objects.filter(pk=record.target_id).first()
                if author:
                    self._archive_redirect(f"/author/{record.wp_id}/", f"/{default}/author/{author.slug}/")
        self._redirect_paths({"/feed", "/feed/rss2", "/?feed=rss2"}, link=f"/{default}/feed/")
        self._redirect_paths({"/feed/atom", "/?feed=atom"}, link=f"/{default}/feed/atom/")

    def _tag_language(self, tag):
        """The language whose posts carry the tag most (a tag's old archive showed them all)."""
        usage = (TaggedPost.objects.filter(tag=tag).values("content_object__locale__language_code")
                 .annotate(uses=models.Count("id")).order_by("-uses").first())
        return usage["content_object__locale__language_code"] if usage else self.default_language

    def _archive_redirect(self, old, new):
        old_path, new_path = Redirect.normalise_path(old), Redirect.normalise_path(new)
        if old_path != new_path:
            self._redirect_paths({old_path}, link=new)
            self._redirect_paths({Redirect.normalise_path(old + "feed/")}, link=new + "feed/")

    def link_translations(self):
        """Posts that Polylang or WPML grouped as translations share one translation key."""
        for group in self.translation_groups.values():
            pages = []
            for wp_id in group.values():
                known = ImportedItem.objects.filter(source=self.source, kind__in=["post", "page"], wp_id=wp_id).first()
                if known and known.target_id:
                    pages.append(known.target_id)
            if len(pages) > 1:
                key = Page.objects.filter(pk=pages[0]).values_list("translation_key", flat=True).first()
                Page.objects.filter(pk__in=pages[1:]).update(translation_key=key)


@contextmanager
def bulk_indexing():
    """Index imported pages for the admin's search once per batch instead of once per row.

    Wagtail queues a search-index task and a reference-index task for every saved
    page; at import scale that is most of the work. The reference index (the
    admin's "usage" counts) is refreshed afterwards with `bayan rebuild_references_index`.
    """
    indexed = [PostPage, StandardPage, Page]
    for model in indexed:
        post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in indexed:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


def import_files(paths, *, default_language=None, dry_run=False, progress=None, uploads=None):
    """Import WordPress exports; returns the Report. Raises WXRError for a file that cannot be read at all.

    ``progress(done, total)`` is called after each batch with the items read so far and in all.

    ``uploads`` is a local copy of the old site's ``wp-content/uploads``: attachments found
    there are copied into the media library and bodies are pointed at the copies.
    """
    report = Report(dry_run=dry_run)
    stream_without_memory_map()
    total = 0
    for path in paths:
        found = scan(path)
        if found.problem and not found.problem.truncated:
            raise WXRError(found.problem.message)
        total += found.items
    importer = Importer(report, default_language, progress and (lambda done: progress(done, total)), uploads)
    if dry_run:
        with transaction.atomic(), bulk_indexing():
            _import_all(importer, paths)
            transaction.set_rollback(True)
        return report
    # Each batch commits on its own, so that another process can index it for search while
    # this one writes the next; an interrupted import keeps its batches, and importing
    # again completes it.
    # Archive positions are numbered once at the end, not batch after batch.
    try:
        with search_indexing.in_background(), bulk_indexing(), numbering_deferred():
            _import_all(importer, paths)
    finally:
        # Also after a stop: the batches kept are read through the planner's statistics like any others.
        refresh_statistics()
    return report


def _import_all(importer, paths):
    for path in paths:
        _import_file(importer, Path(path))
    importer.flush()
    importer.progress(importer.items_seen)
    with transaction.atomic():
        importer.declared_terms()
        importer.link_translations()
        importer.archive_redirects()
        importer.write_redirects()
        importer.rewrite_upload_links()


def _import_file(importer, path):
    records = read_records(path)
    try:
        for kind, record in records:
            if kind == "channel":
                importer.channel(record)
            elif kind == "author":
                importer.author(record)
            elif kind in ("category", "tag", "term"):
                importer.term(kind, record)
            else:
                importer.item(record, f"{path.name}:{record.line}")
    except WXRError as error:
        importer.flush()
        importer.report.problems.append(f"{error}; the file stops there, everything before it was imported")


@dataclass
class Problem:
    message: str
    truncated: bool


@dataclass
class Scan:
    """What reading a file through found: its items, and its first problem (None if it reads cleanly)."""

    items: int
    problem: Problem | None


def scan(path):
    """Read a file through without writing anything: count its items and find its first problem.

    A syntax error on the file's last line means the file was cut short: what comes
    before it can still be imported. Any other problem refuses the file.
    """
    items = 0
    try:
        for kind, _record in read_records(path):
            items += kind == "item"
    except WXRError as error:
        match = re.search(r", line (\d+)", str(error))
        last_line = _line_count(path)
        truncated = bool(match) and "not well-formed" in str(error) and int(match.group(1)) >= last_line
        return Scan(items, Problem(str(error), truncated))
    return Scan(items, None)


def _line_count(path):
    lines = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return lines + 1
