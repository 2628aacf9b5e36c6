"""Where each new page goes in Wagtail's page tree, written without Wagtail's per-page tree calls.

Wagtail's ``add_child`` reads and locks the parent for every page; an import adds
thousands of posts under one home page, so it keeps the tree itself: each parent's
last used step is read once per run, each new page takes the next one (``path``,
``depth``, ``url_path``), and when a batch is written the parents it touched have
their ``numchild`` counted again from the tree. Treebeard's ``find_problems()``
checks the result in the tests.
"""

from wagtail.models import Page

from bayan.newsroom.models import StandardPage

from .models import ImportedItem
from .values import intended_slug

CHUNK = 500


class Tree:
    """The page tree as one run sees it: last steps per parent, and the slugs a batch has taken."""

    def __init__(self, source_of):
        # A callable, not a value: the site being read changes from file to file.
        self.source_of = source_of
        self.steps = {}
        self.parents_touched = set()
        self.batch_slugs = set()
        # Pages this run wrote, by WordPress id: children find parents whose record is not committed yet.
        self.page_ids = {}

    def forget(self):
        """Drop the steps learnt from writes that were rolled back; they are read again when needed."""
        self.steps.clear()

    def begin_batch(self, batch):
        """Read, in one query per 500 slugs, which (parent path, slug) pairs the batch's items would collide with.

        Only this batch's slugs are held in memory, whatever the size of the export.
        """
        wanted = sorted({intended_slug(item.fields) for item, _where in batch})
        self.batch_slugs = set()
        for start in range(0, len(wanted), CHUNK):
            for slug, path in Page.objects.filter(slug__in=wanted[start:start + CHUNK]).values_list("slug", "path"):
                self.batch_slugs.add((path[:-Page.steplen], slug))

    def parent_of(self, item, home):
        """A page's parent: the page WordPress nested it under, if imported in the same language, else the home."""
        parent_id = item.fields.get("post_parent", "0")
        if parent_id and parent_id != "0":
            parent_pk = self.page_ids.get(parent_id)
            if parent_pk is None:
                known = ImportedItem.objects.filter(source=self.source_of(), kind="page", wp_id=parent_id).first()
                parent_pk = known and known.target_id
            parent = parent_pk and StandardPage.objects.filter(pk=parent_pk, locale=home.locale).first()
            if parent:
                return parent
        return home

    def free_slug(self, parent, slug):
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

    def place(self, page, parent):
        """Give a new page its place under ``parent``: the next step, its depth and its url_path."""
        self.parents_touched.add(parent.pk)
        self.steps[parent.pk] = self._last_step(parent) + 1
        page.path = Page._get_path(parent.path, parent.depth + 1, self.steps[parent.pk])
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"

    def _last_step(self, parent):
        """The last tree step used under ``parent``, read from the database once per run."""
        if parent.pk not in self.steps:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path").values_list("path", flat=True).first()
            )
            self.steps[parent.pk] = Page._str2int(last[-Page.steplen:]) if last else 0
        return self.steps[parent.pk]

    def count_children(self):
        """Set ``numchild`` of every parent the batch added pages under, counted from the tree itself.

        Counted, not incremented: treebeard's get_children() trusts numchild, and a count
        is right whatever the batch's savepoints rolled back.
        """
        for parent in Page.objects.filter(pk__in=self.parents_touched).only("pk", "path", "depth"):
            children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
            Page.objects.filter(pk=parent.pk).update(numchild=children)
        self.parents_touched = set()
