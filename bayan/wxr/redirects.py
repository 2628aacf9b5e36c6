"""Old addresses: a permanent redirect from every WordPress address that differs from the new one.

Redirects are queued while a batch is written and stored with it in bulk. Within
one run, the first item to claim an old address keeps it (it is the one WordPress
served); a later import of a newer export replaces what an earlier import wrote.
"""

from django.db import models
from wagtail.contrib.redirects.models import Redirect

from bayan.addresses import address_in, post_address, slug_address
from bayan.newsroom.models import Author, Category, PostPage, Tag, TaggedPost

from .models import ImportedItem
from .values import lineage, old_path

CHUNK = 500


class Redirects:
    """The redirects of one run; ``since`` is the last redirect id before the run began.

    Redirects with higher ids were written by this run (or by the run it completes), and
    an address one of them claims keeps leading where it does.
    """

    def __init__(self, report, since):
        self.report = report
        self.since = since
        self.queued = {}
        # Old addresses claimed by the batch being written, and by whom.
        self.claimed = {}

    def for_page(self, page, item, language):
        """Queue a redirect from every old address of the page: ``/?p=ID``, its link and guid."""
        # A post's address is known without asking the page tree; other pages ask it.
        new_path = Redirect.normalise_path(
            page.reader_path() if isinstance(page, PostPage) else (page.url or post_address(language, page.slug))
        )
        wp_id = item.fields["post_id"]
        query = "page_id" if item.fields.get("post_type") == "page" else "p"
        old_paths = {old_path(item.fields.get("link")), old_path(item.fields.get("guid"))}
        if "~" not in wp_id:  # a repeated id's derived key was never a WordPress address
            old_paths.add(Redirect.normalise_path(f"/?{query}={wp_id}"))
        self.queue(old_paths - {"", new_path, "/"}, page=page)

    def queue(self, old_paths, page=None, link=None):
        """Queue redirects to a page or a link; ``write`` stores them, replacing any earlier one for the same address.

        Within one run an address that already leads to a page keeps leading there: when two
        items of an export claim one address, the first is the one WordPress served.
        """
        for path in old_paths:
            if len(path) > 255:
                self.report.problems.append(f"old address too long to redirect: {path[:80]}…")
                continue
            if page is not None:
                claimed_by = self.claimed.setdefault(path, page.pk)
                if claimed_by != page.pk:
                    self.report.problems.append(f"old address {path} belongs to two items; it leads to the first one")
                    continue
            self.queued[path] = (page, link or "")

    def write(self):
        """Store the queued redirects in bulk: one query per 500 addresses to find earlier claims, one to delete."""
        if not self.queued:
            return
        queued, self.queued = self.queued, {}
        self.claimed = {}
        paths = list(queued)
        for start in range(0, len(paths), CHUNK):
            chunk = paths[start:start + CHUNK]
            earlier = Redirect.objects.filter(
                site=None, old_path__in=chunk, id__gt=self.since, redirect_page__isnull=False,
            ).values_list("old_path", "redirect_page_id")
            for path, page_id in earlier:
                page, _link = queued[path]
                if page is not None and page.pk != page_id:
                    self.report.problems.append(f"old address {path} belongs to two items; it leads to the first one")
                    del queued[path]
            Redirect.objects.filter(site=None, old_path__in=[path for path in chunk if path in queued]).delete()
        Redirect.objects.bulk_create(
            [Redirect(old_path=path, site=None, redirect_page=page, redirect_link=link, is_permanent=True)
             for path, (page, link) in queued.items()],
            batch_size=CHUNK,
        )

    def for_archives(self, source, default_language):
        """Old tag, category, author and feed addresses to their archives in the newsroom."""
        records = list(ImportedItem.objects.filter(source=source, kind__in=["tag", "category", "author"]))
        category_parents = {record.wp_id.split(":", 1)[1]: (record.data or {}).get("category_parent", "")
                            for record in records if record.kind == "category"}
        for record in records:
            if record.kind == "tag":
                tag = Tag.objects.filter(pk=record.target_id).select_related("locale").first()
                nicename = record.wp_id.split(":", 1)[-1]
                if tag and tag.locale.language_code == self._tag_language(nicename, records, default_language):
                    self._archive(f"/tag/{nicename}/", tag.reader_path())
            elif record.kind == "category":
                category = Category.objects.filter(pk=record.target_id).select_related("locale").first()
                if category and category.locale.language_code == default_language:
                    nicename = record.wp_id.split(":", 1)[1]
                    self._archive(f"/category/{nicename}/", category.reader_path())
                    # WordPress's own address for a subcategory names its ancestors too.
                    names = lineage(nicename, category_parents)
                    if len(names) > 1:
                        self._archive(f"/category/{'/'.join(names)}/", category.reader_path())
            else:
                author = Author.objects.filter(pk=record.target_id).first()
                if author:
                    self._archive(f"/author/{record.wp_id}/",
                                  slug_address(default_language, "archives:author", author.slug))
        self.queue({"/feed", "/feed/rss2", "/?feed=rss2"}, link=address_in(default_language, "archives:home-feed"))
        self.queue({"/feed/atom", "/?feed=atom"}, link=address_in(default_language, "archives:home-feed-atom"))

    @staticmethod
    def _tag_language(nicename, records, default_language):
        """The language whose posts carry the WordPress tag most (its old archive showed them all)."""
        tags = [record.target_id for record in records if record.kind == "tag"
                and record.wp_id.split(":", 1)[-1] == nicename]
        usage = (TaggedPost.objects.filter(tag__in=tags).values("tag__locale__language_code")
                 .annotate(uses=models.Count("id")).order_by("-uses", "tag__locale__language_code").first())
        return usage["tag__locale__language_code"] if usage else default_language

    def _archive(self, old, new):
        old_normal, new_normal = Redirect.normalise_path(old), Redirect.normalise_path(new)
        if old_normal != new_normal:
            self.queue({old_normal}, link=new)
            self.queue({Redirect.normalise_path(old + "feed/")}, link=new + "feed/")
