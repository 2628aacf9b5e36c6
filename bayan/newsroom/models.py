"""The newsroom's content: posts, their categories, tags and authors, and the pages that hold them.

Each language has its own home page (a translation of one root), and posts live
directly under it, so a post's address is ``/<lang>/<slug>/`` exactly as
WordPress's "post name" permalinks were, with a language prefix.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageQuerySet, TranslatableMixin
from wagtail.snippets.models import register_snippet

from bayan.addresses import category_address, post_address, slug_address

from .original_panel import OriginalPanel
from .post_form import PostPageForm
from .text import html_to_text, truncate_words

# The slug of a tag whose name slugify empties.
EMPTY_TAG_SLUG = "tag"


@register_snippet
class Tag(TranslatableMixin, TagBase):
    """A free label in one language, linked to its translations in the others (as categories are).

    Slugs keep Unicode, so an Arabic tag has an Arabic address. Names and slugs are unique
    within a language: "detention" may exist in English and, as a translation, in Arabic.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_tag_slug_per_language"),
            models.UniqueConstraint(fields=["locale", "name"], name="unique_tag_name_per_language"),
            # An empty slug gives the archive no address, and every page that links it a server error.
            models.CheckConstraint(condition=~models.Q(slug=""), name="tag_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def reader_path(self):
        """The tag archive's address in the tag's own language."""
        return slug_address(self.locale.language_code, "archives:tag", self.slug)

    def slugify(self, tag, i=None):
        """The slug of a tag typed on a post; ``tag`` when its name has nothing a slug keeps ("!!!", "★"),
        since an empty slug would give its archive no address. ``i`` tells apart a slug already taken."""
        slug = super().slugify(tag) or EMPTY_TAG_SLUG
        return slug if i is None else f"{slug}_{i}"


class _TagsInPostLanguage(_ClusterTaggableManager):
    """Tags typed on a post are found, or made, in the post's language: never another language's."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        locale_id = getattr(self.instance, "locale_id", None)
        if locale_id is not None:
            tag_kwargs = {**tag_kwargs, "locale_id": locale_id}
        return super()._to_tag_model_instances(tags, tag_kwargs)


class TagsInPostLanguage(ClusterTaggableManager):
    """A post's tags, each in the post's language (see ``_TagsInPostLanguage``)."""

    def __get__(self, instance, model):
        return _TagsInPostLanguage(through=self.through, model=model, instance=instance,
                                   prefetch_cache_name=self.name)


class TaggedPost(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")
    content_object = ParentalKey("newsroom.PostPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_post")]
        # Search reads each tag's posts from this index alone (bayan/search/matchsets.py).
        indexes = [models.Index(fields=["tag", "content_object"], name="tag_posts")]


@register_snippet
class Category(TranslatableMixin, models.Model):
    """A kind of publication (press release, statement, report, news), named per language."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children", help_text=_("Optional. A category's archive also lists its subcategories' posts."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_category_slug_per_language"),
            models.CheckConstraint(condition=~models.Q(slug=""), name="category_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent.locale_id != self.locale_id:
            raise ValidationError({"parent": _("The parent category must be in the same language.")})
        if self.pk is not None and self.pk in self.parent.lineage_ids():
            raise ValidationError({"parent": _("A category cannot sit inside itself or one of its subcategories.")})

    def lineage_ids(self):
        """This category's id and its ancestors' ids, nearest first (a loop in stored data ends the walk)."""
        parents = dict(Category.objects.filter(locale_id=self.locale_id).values_list("id", "parent_id"))
        return category_lineage(self.pk, parents)

    def reader_path(self):
        """The category archive's address, ``/<lang>/category/<slug>/``."""
        return category_address(self.locale.language_code, self.slug)


def category_lineage(category_id, parents):
    """``category_id`` and its ancestors' ids, nearest first, given {id: parent id}; a loop ends the walk."""
    lineage, current = [], category_id
    while current is not None and current not in lineage:
        lineage.append(current)
        current = parents.get(current)
    return lineage


@register_snippet
class Author(ClusterableModel):
    """A byline. Authors are profiles, not logins: an imported author cannot sign in.

    One author has one archive in every language (the same slug), and a name per language
    where it is written differently (``names``): «سلمى حداد» on Arabic pages, "Salma Haddad"
    on English ones. ``name`` is the name where no other is given.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)

    panels = [
        FieldPanel("name"), FieldPanel("slug"),
        InlinePanel("names", label=_("Name in another language"), heading=_("Names in other languages")),
        FieldPanel("bio"),
    ]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~models.Q(slug=""), name="author_slug_not_empty")]

    def __str__(self):
        return self.name

    def name_in(self, language):
        """The author's name as written in ``language`` (``name`` when none is given for it)."""
        for name in self.names.all():
            if name.language == language:
                return name.name
        return self.name


class AuthorName(models.Model):
    """How an author's name is written in one language."""

    author = ParentalKey(Author, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=15, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta:
        verbose_name = _("name in another language")
        constraints = [models.UniqueConstraint(fields=["author", "language"], name="one_author_name_per_language")]

    def __str__(self):
        return f"{self.name} ({self.language})"


def author_name_in(language, author_column="pk"):
    """An expression for the author's name in ``language``: its own name there, else ``name``."""
    named = AuthorName.objects.filter(author=OuterRef(author_column), language=language).values("name")[:1]
    return Coalesce(Subquery(named), "name")


def under_view_restriction():
    """True for a page that carries a view restriction (private, password, groups) or sits below one.

    Written as a correlated ``EXISTS`` rather than Wagtail's ``public()``, which reads every
    restriction first and builds a filter from them: this compiles to one predicate that
    stays right when restrictions change, so a lookup compiled once can keep using it.
    The restricted page's path is read by its id inside the restrictions' scan, so the check
    walks the few restrictions: as a join, SQLite (which keeps no statistics for an empty
    table) walked every page of the tree for every post it checked, about a millisecond each.
    """
    from wagtail.models import Page, PageViewRestriction

    restricted_path = Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1])
    return Exists(
        PageViewRestriction.objects.annotate(restricted_path=restricted_path).filter(
            restricted_path=Substr(OuterRef("path"), 1, Length("restricted_path"))
        )
    )


class PostQuerySet(PageQuerySet):
    """The one definition of what readers may see of the posts, and how lists load them."""

    def published(self):
        """Posts that are live and under no view restriction: readers see them once their date has come.

        This is the lasting half of ``visible_to_readers()``: the archives' listing
        entries keep exactly these posts, with their dates, and are read up to now.
        """
        return self.filter(live=True).exclude(under_view_restriction())

    def visible_to_readers(self, now=None):
        """Posts a reader may see: live, under no view restriction, and dated ``now`` or earlier.

        The one rule every public output follows (pages, archives, feeds, sitemap,
        search, structured data, translations links). Drafts, scheduled and embargoed
        posts (dated in the future), expired, private and password-protected posts are
        all left out.
        """
        return self.published().filter(date__lte=now or timezone.now())

    def for_listing(self):
        """Load what a listing item shows in a fixed number of queries, newest first."""
        return (
            self.select_related("category__locale", "locale")
            .only(
                "id", "title", "slug", "url_path", "date", "listing_title", "listing_excerpt",
                "category__name", "category__slug", "category__locale__language_code", "locale__language_code",
            )
            .order_by("-date", "-id")
        )


PostManager = PageManager.from_queryset(PostQuerySet)


def pages_visible_to_readers(now=None):
    """Every page readers may see: posts as ``PostQuerySet.visible_to_readers()`` has them, other pages when
    live and under no view restriction."""
    not_yet_due = PostPage.objects.filter(date__gt=now or timezone.now()).values("pk")
    return Page.objects.filter(live=True).exclude(under_view_restriction()).exclude(pk__in=not_yet_due)


class HomePage(Page):
    """The front page of one language; every post and page of that language sits beneath it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["newsroom.PostPage", "newsroom.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class PostPage(Page):
    """A press release, statement, report or news item."""

    date = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    # WordPress lets a post sit in several categories; the first is the one lists show beside it.
    other_categories = ParentalManyToManyField(
        Category, blank=True, related_name="also_filed", verbose_name=_("also filed under"),
        help_text=_("Optional. The post is listed in these categories' archives too."),
    )
    tags = TagsInPostLanguage(through=TaggedPost, blank=True, verbose_name=_("tags"))
    authors = ParentalManyToManyField(Author, blank=True, related_name="posts", verbose_name=_("authors"))
    body = RichTextField(_("body"), blank=True)
    excerpt = models.TextField(
        _("excerpt"), blank=True, help_text=_("Optional. Shown in lists instead of the opening words of the body.")
    )
    # Computed on save so that listings do no text work per request.
    listing_title = models.CharField(max_length=1000, editable=False, default="")
    listing_excerpt = models.TextField(editable=False, default="")

    objects = PostManager()

    # A translation shows its original above the form, read-only, while the translator writes.
    content_panels = [OriginalPanel()] + Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("other_categories"), FieldPanel("tags"),
             FieldPanel("authors")],
            heading=_("Filing"),
        ),
        FieldPanel("body"),
        FieldPanel("excerpt"),
    ]
    # Wagtail's index serves only the admin, whose page search and choosers match titles as
    # they are typed; readers' full-text search is bayan.search. Indexing bodies here too
    # doubled the cost of importing a large archive for no one's benefit.
    search_fields = Page.search_fields
    # Indexed by bayan.newsroom.admin_indexes' handlers, which a bulk step can pause.
    search_auto_update = False
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = []
    base_form_class = PostPageForm

    class Meta:
        verbose_name = _("post")

    def clean(self):
        super().clean()
        if self.locale_id is None:
            return
        if self.category_id and self.category.locale_id != self.locale_id:
            raise ValidationError({"category": _("Choose a category in the post's own language.")})
        if any(other.locale_id != self.locale_id for other in self.other_categories.all()):
            message = _("Every category the post is also filed under must be in the post's own language.")
            raise ValidationError({"other_categories": message})

    def save(self, *args, **kwargs):
        self.date_from_schedule()
        self.refresh_listing_fields()
        return super().save(*args, **kwargs)

    def date_from_schedule(self):
        """A post scheduled to go live later is dated when it goes live, as WordPress does."""
        if self.go_live_at and self.date < self.go_live_at:
            self.date = self.go_live_at

    def refresh_listing_fields(self):
        """Recompute the title and excerpt that archive listings show."""
        self.listing_title = truncate_words(self.title, settings.BAYAN_TITLE_WORDS)
        self.listing_excerpt = self.excerpt.strip() or truncate_words(
            html_to_text(self.body), settings.BAYAN_EXCERPT_WORDS
        )

    def is_visible_to_readers(self, now=None):
        """Whether readers may see this post now: ``visible_to_readers()`` asked of this one row."""
        return self.pk is not None and PostPage.objects.visible_to_readers(now).filter(pk=self.pk).exists()

    def filed_under(self):
        """Every category of the post, the main one first."""
        return ([self.category] if self.category_id else []) + [
            category for category in self.other_categories.all() if category.pk != self.category_id]

    def reader_path(self):
        """The post's address, ``/<lang>/<slug>/``, without a tree lookup.

        Posts are always children of their language's home page (see
        ``parent_page_types``), which Wagtail serves at ``/<lang>/``, so this equals
        ``self.url`` at a fraction of the cost; listings call it once per item.
        """
        return post_address(self.locale.language_code, self.slug)

    def body_text(self):
        """The body as plain text (for feeds' summaries and structured data)."""
        return html_to_text(self.body).strip()

    def serve(self, request, *args, **kwargs):
        """The post's page; 404 before its date (embargoed), except to editors previewing it."""
        if not getattr(request, "is_preview", False) and self.date > timezone.now():
            # Answered as an unknown address is: an embargoed statement's existence is not told either.
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .presentation import post_context  # presentation imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(post_context(self, request))
        return context


class StandardPage(Page):
    """A page outside the news flow: about, contact, a campaign page imported from WordPress."""

    body = RichTextField(_("body"), blank=True)
    show_mirror_key = models.BooleanField(
        _("show how to check copies of the site"), default=False,
        help_text=_("Adds the static mirror's public key and how readers check a copy with it (for the about page)."))

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("show_mirror_key")]
    search_fields = Page.search_fields  # titles only, as for posts
    search_auto_update = False  # as for posts
    parent_page_types = ["newsroom.HomePage", "newsroom.StandardPage"]

    class Meta:
        verbose_name = _("page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alternates"] = self.translations_for_readers(request)
        return context

    def translations_for_readers(self, request=None):
        """(language, address) of each translation of this page that readers may see, for the language switcher."""
        translations = (pages_visible_to_readers().filter(translation_key=self.translation_key)
                        .exclude(pk=self.pk).select_related("locale").order_by("locale__language_code"))
        return [(page.locale.language_code, page.get_url(request)) for page in translations]


class BinPage(Page):
    """Where deleted posts and pages wait, unpublished, until an administrator restores or purges them.

    It sits under the root, outside every site, so nothing in it has an address; the
    roles' page permissions start at the home pages, so only administrators see it.
    """

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = []
    is_creatable = False
    max_count = 1

    class Meta:
        verbose_name = _("bin")


class BinEntry(models.Model):
    """What is needed to put a deleted page back: where it was, under which slug, and whether it was live."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="bin_entry")
    parent = models.ForeignKey(Page, null=True, on_delete=models.SET_NULL, related_name="+")
    slug = models.CharField(max_length=255)
    was_live = models.BooleanField()
    # What readers saw: restoring republishes this, never a draft that was waiting for review.
    live_revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deleted page")
        default_permissions = ()
        permissions = [("restore_deleted", _("Can restore deleted posts and pages"))]

    def __str__(self):
        return self.page.title

from .scheduling import SchedulerLease  # noqa: E402, F401  (the scheduler's lease lives with its functions)
