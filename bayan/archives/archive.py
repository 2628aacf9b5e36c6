"""What an archive is: which posts it lists, what it is called, where it lives.

An archive is resolved from the URL's parts by one of the ``*_archive`` functions,
each raising ``Http404`` for things that do not exist, so that views, feeds and
the mirror share one definition of "the posts of tag X in Arabic". Its posts are
read through the listing positions kept in ``bayan.archives.entries``: counting
an archive and reading any of its pages are index lookups, however deep the page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bayan.addresses import address_in
from bayan.database import PreparedLookup
from bayan.newsroom.models import Author, Category, Tag, author_name_in
from bayan.pagecache.held import HeldUntilChecked
from bayan.pagecache.invalidation import GENERATION_COLUMNS, token_of_columns

from .models import Listing, ListingEntry
from .positions import MAX_POSITION, ArchivePosts


@dataclass
class Archive:
    """A named, ordered list of posts with an address in one language."""

    kind: str
    language: str
    title: str
    url_name: str
    url_kwargs: dict = field(default_factory=dict)
    posts: object = None
    subject: object = None
    # An archive with no post a reader may see is not a page at all (404), whatever drafts or
    # scheduled posts it holds: otherwise anyone could test whether a tag or an author is being
    # written about. Only a language's home page is shown empty.
    empty_is_404: bool = True
    # {language: the subject in it} for a tag or category read with its translations (``_in_every_language``);
    # None when they were not read with it.
    subject_by_language: dict | None = None
    # The content generation as read with the subject (``GENERATION_COLUMNS``), for ``note_generation``; None when
    # the subject was not read here.
    generation_row: tuple | None = None
    # For a subject held from an earlier request (``_held_subjects``): its key there, and the generation it was read
    # in, which the posts' statement must read again for the subject to stand (``require_posts``).
    held_as: tuple | None = None
    held_in: str | None = None
    _first_page_url: str = field(default=None, init=False, repr=False)
    _counterparts: dict = field(default=None, init=False, repr=False)

    def url(self, page_number=1):
        """The archive's address; page 1 never carries ``/page/1/``."""
        if self._first_page_url is None:
            self._first_page_url = address_in(
                self.language, f"archives:{self.url_name}", tuple(sorted(self.url_kwargs.items())))
        if page_number == 1:
            return self._first_page_url
        # Every archive's numbered pages live under its own address (see urls.archive_routes).
        return f"{self._first_page_url}page/{page_number}/"

    def feed_url(self, kind="rss"):
        """The archive's RSS or Atom feed, which lives under its address (see urls.archive_routes)."""
        return f"{self.url()}feed/" + ("atom/" if kind == "atom" else "")

    @property
    def has_feed(self):
        return self.kind in ("home", "tag", "category", "author")

    @property
    def rss_url(self):
        return self.feed_url("rss")

    @property
    def atom_url(self):
        return self.feed_url("atom")

    def expect_page(self, number):
        """Say that page ``number`` will be read (``ArchivePosts.expect``): its posts are read with the bounds, and
        the sizes of its counterparts in the other languages with them."""
        per_page = settings.BAYAN_ITEMS_PER_PAGE
        # A page past any position a listing can hold (a 32-bit integer) is read as before, and not found.
        if isinstance(number, int) and 1 <= number <= MAX_POSITION // per_page:
            counted = [other.posts for other in self.counterparts().values() if other is not None]
            self.posts.expect((number - 1) * per_page, number * per_page, counted=counted)

    def counterparts(self):
        """{language: this archive in each other language, or None where there is none}, which the language
        switcher links (``views.archive_alternates``): the same home, author or period; a tag's or category's
        translation."""
        if self._counterparts is None:
            self._counterparts = {code: self._counterpart_in(code)
                                  for code, _name in settings.LANGUAGES if code != self.language}
        return self._counterparts

    def _counterpart_in(self, language):
        if self.kind == "home":
            return home_archive(language)
        if self.kind in ("category", "tag"):
            # Categories and tags have a language each, linked to their translations by a shared key.
            if self.subject_by_language is not None:
                subject = self.subject_by_language.get(language)
            else:
                subject = _COUNTERPARTS[self.kind].first(key=self.subject.translation_key, language=language)
            return None if subject is None else RESOLVERS[self.kind](language, subject.slug, subject=subject)
        if self.kind == "author":
            # An author is the same person in every language, at the same address.
            return author_archive(language, **self.url_kwargs, subject=self.subject)
        return RESOLVERS[self.kind](language, **self.url_kwargs)

    def page(self, number):
        """Return page ``number`` (1-based) of the listing, or raise Http404."""
        per_page = settings.BAYAN_ITEMS_PER_PAGE
        self.expect_page(number)
        self.require_posts()
        paginator = Paginator(self.posts, per_page)
        try:
            return paginator.page(number)
        except InvalidPage:
            raise Http404(_("There is no page %(number)s here.") % {"number": number}) from None

    def page_count(self):
        """How many pages the archive has (1 for an empty one)."""
        return max(1, -(-self.posts.count() // settings.BAYAN_ITEMS_PER_PAGE))

    def nearest_page_url(self, number):
        """The address of page ``number``, or of the last page when the archive is shorter."""
        return self.url(1 if number == 1 else min(number, self.page_count()))

    def require_posts(self):
        """Raise Http404 for an archive that lists nothing a reader may see (see ``empty_is_404``).

        Raises ``HeldSubjectChanged`` first when the subject was held from an earlier generation than the
        posts were read in (or when nothing told which: an empty archive, a page read without its items).
        """
        exists = self.posts.exists()
        if self.held_in is not None and self.posts.generation_token != self.held_in:
            _held_subjects.forget(self.held_as)
            raise HeldSubjectChanged(self.held_as)
        if self.empty_is_404 and not exists:
            raise Http404(_("Nothing has been published here."))

    def read_token(self):
        """The content generation's token (hex) as this archive read it, with its subject or its posts, for
        ``note_token``; None when it read none, or the generation had come due."""
        return token_of_columns(self.generation_row) or self.posts.generation_token


class HeldSubjectChanged(Exception):
    """An archive's subject was held from a generation that has ended: it may have changed since.

    The held copy is forgotten when this is raised, so resolving the archive again reads the subject anew.
    """


def resolved_archive(resolve, expect):
    """``resolve()``'s archive, told what it will read (``expect(archive)``), with its posts' bounds read: resolved
    again, reading its subject anew, when it was found with a subject held from a generation that has ended
    (``HeldSubjectChanged``).

    Raises Http404 as ``resolve`` and ``require_posts`` do.
    """
    archive = resolve()
    expect(archive)
    try:
        archive.require_posts()
    except HeldSubjectChanged:
        archive = resolve()
        expect(archive)
        archive.require_posts()
    return archive


def language_posts(language):
    """Every listed post in one language."""
    return ArchivePosts(language, Listing.HOME)


def listed_post_ids(now=None):
    """Ids of the posts readers may see now, in every language, read from the homes' listing entries.

    The entries are the stored copy of ``PostPage.objects.published()`` with dates (see the module
    docstring), so this equals ``visible_to_readers(now)`` and costs one index range: whole-site
    readers (the mirror, the organisations' directory) use it where the rule's view-restriction
    test, asked for every post, would read every restriction once per post.
    """
    return entries_readers_see(now).filter(listing__kind=Listing.HOME).values("post_id")


def entries_readers_see(now=None):
    """The listing entries of posts readers may see now: numbered, dated by now, their post live (the readers'
    rule as the archives store it)."""
    return ListingEntry.objects.filter(position__isnull=False, date__lte=now or timezone.now(), post__live=True)


def home_archive(language):
    return Archive("home", language, _("Latest publications"), "home", posts=language_posts(language),
                   empty_is_404=False)


def _in_every_language(model):
    """A lookup of the ``model`` (tag or category) with a slug in a language, with its translations, in one
    statement: a tag's page links the same tag in the other languages (its alternates and the language
    switcher), which was a second statement on every tag and category page."""
    return PreparedLookup(
        lambda language, slug: model.objects.filter(translation_key=Subquery(
            model.objects.filter(locale__language_code=language, slug=slug).order_by("pk").values("translation_key")[:1]
        )).select_related("locale").order_by("pk"),
        # The page's chrome, held per generation, needs the generation: read here, it costs no statement of its own.
        names=("language", "slug"), beside=GENERATION_COLUMNS,
    )


_tags_by_slug, _categories_by_slug = _in_every_language(Tag), _in_every_language(Category)


# Tags, categories and authors found by address, as read in a generation (``HeldUntilChecked``): an archive's page
# then reads its posts and the generation in one statement, and its subject from here.
_held_subjects = HeldUntilChecked()


def _held_or_read(key, held, read):
    """(what ``read()`` finds for ``key``, or None; the ``Archive`` fields that say how it was found:
    ``generation_row`` when read here, or ``held_as`` and ``held_in`` when held from an earlier request).

    ``read()`` returns (what it found or None, the generation read with it); what it finds is held. A held value
    is taken only when ``held`` says the caller checks it (``resolved_archive``). Held values are shared by the
    requests of this process: nothing may change them.
    """
    kept = _held_subjects.get(key) if held else None
    if kept is not None:
        token, value = kept
        return value, {"held_as": key, "held_in": token}
    value, generation_row = read()
    token = token_of_columns(generation_row)
    if value is not None and token is not None:
        _held_subjects.keep(key, token, value)
    return value, {"generation_row": generation_row}


def _with_translations(lookup, kind, language, slug, held):
    """(the subject with ``slug`` in ``language``, or None; the ``Archive`` fields that say how it was found, with
    ``subject_by_language``: {language: subject} of it and its translations), as ``_held_or_read`` finds them."""

    def read():
        versions = {}
        subjects, generation_row = lookup.all_and_beside(language=language, slug=slug)
        for subject in subjects:
            versions.setdefault(subject.locale.language_code, subject)
        return (versions if language in versions else None), generation_row

    versions, found = _held_or_read((kind, language, slug), held, read)
    if versions is None:
        return None, found
    return versions[language], {**found, "subject_by_language": versions}


def tag_archive(language, slug, subject=None, held=False):
    """The posts of ``language``'s tag ``slug``; ``subject`` is the Tag when the caller has it already.

    With ``held``, the tag may be one held from an earlier request, for a caller that resolves the archive with
    ``resolved_archive``, which checks it.

    Tags have a language: another language's tag at this address is unknown here (404), as its
    posts are not in this language either.
    """
    found = {}
    tag = subject
    if tag is None:
        tag, found = _with_translations(_tags_by_slug, "tag", language, slug, held)
    if tag is None:
        raise Http404(_("There is no tag “%(slug)s”.") % {"slug": slug})
    posts = ArchivePosts(language, Listing.TAG, tag.pk)
    return Archive("tag", language, tag.name, "tag", {"slug": tag.slug}, posts, tag,
                   **found)


def category_archive(language, slug, subject=None, held=False):
    """A category's posts, its subcategories' included, and posts also filed under them, as on WordPress.

    ``subject`` is the Category when the caller has it already; ``held`` is as for ``tag_archive``.
    """
    found = {}
    category = subject
    if category is None:
        category, found = _with_translations(_categories_by_slug, "category", language, slug, held)
    if category is None:
        raise Http404(_("There is no category “%(slug)s”.") % {"slug": slug})
    posts = ArchivePosts(language, Listing.CATEGORY, category.pk)
    return Archive("category", language, category.name, "category", {"slug": category.slug}, posts, category,
                   **found)


# An author with the name it goes by in a language, and the generation (for ``_held_subjects``), in one statement.
_authors_by_slug = PreparedLookup(
    lambda language, slug: Author.objects.filter(slug=slug).annotate(name_here=author_name_in(language))
    .order_by("pk")[:1],
    names=("language", "slug"), beside=GENERATION_COLUMNS,
)


def _author_by_slug(language, slug, held):
    """(the author with ``slug``, named in ``language``, or None; the ``Archive`` fields that say how it was found),
    as ``_held_or_read`` finds them."""
    return _held_or_read(("author", language, slug), held,
                         lambda: _authors_by_slug.first_and_beside(language=language, slug=slug))


def author_archive(language, slug, subject=None, held=False):
    """An author's posts in ``language``; ``subject`` is the Author when the caller has it already; ``held`` is as
    for ``tag_archive``."""
    found = {}
    author = subject
    if author is None:
        author, found = _author_by_slug(language, slug, held)
    if author is None:
        raise Http404(_("There is no author “%(slug)s”.") % {"slug": slug})
    posts = ArchivePosts(language, Listing.AUTHOR, author.pk)
    title = getattr(author, "name_here", None) or author.name
    return Archive("author", language, title, "author", {"slug": author.slug}, posts, author, **found)


def year_archive(language, year):
    year = _valid_year(year)
    start = _aware(year, 1)
    end = _aware(year + 1, 1)
    posts = ArchivePosts(language, Listing.HOME, start=start, end=end)
    return Archive("year", language, str(year), "year", {"year": f"{year:04d}"}, posts)


def month_archive(language, year, month):
    year = _valid_year(year)
    month = int(month)
    if not 1 <= month <= 12:
        raise Http404(_("There is no month %(month)s.") % {"month": month})
    start = _aware(year, month)
    end = _aware(year + 1, 1) if month == 12 else _aware(year, month + 1)
    posts = ArchivePosts(language, Listing.HOME, start=start, end=end)
    with translation.override(language):
        from django.utils.dates import MONTHS

        title = f"{MONTHS[month]} {year}"
    kwargs = {"year": f"{year:04d}", "month": f"{month:02d}"}
    return Archive("month", language, title, "month", kwargs, posts)


def _valid_year(year):
    year = int(year)
    if not 1 <= year <= 9999 - 1:
        raise Http404(_("There is no year %(year)s.") % {"year": year})
    return year


def _aware(year, month):
    return timezone.make_aware(datetime(year, month, 1), timezone.get_default_timezone())


def subjects_in_use(language, model, kind, now=None):
    """Each tag, category or author (``model``) with visible posts in ``language``, annotated ``post_count``.

    A subject's count is the position of its newest visible entry: one index lookup each.
    """
    return _with_post_count(language, model, kind, now).filter(post_count__gt=0)


def _with_post_count(language, model, kind, now=None):
    # Positions number a listing's entries by date, so its newest visible entry (by date, then position)
    # holds the count: the first entry read backwards along (listing, date, position). The listing is
    # found apart, as a value, so that PostgreSQL reads that index in order rather than sorting every
    # entry of the listing for each subject (the tag index's statement ran five times faster).
    listing = Listing.objects.filter(language=language, kind=kind, subject_id=OuterRef(OuterRef("pk"))).values("id")
    newest = (
        ListingEntry.objects.filter(listing_id=Subquery(listing[:1]), position__isnull=False,
                                    date__lte=now or timezone.now())
        .order_by("-date", "-position").values("position")[:1]
    )
    return model.objects.annotate(post_count=Subquery(newest))


# The tag index's rows, compiled once (building the statement cost as much as running it). Tags without
# a visible post are left out here rather than in SQL, which would look each tag's count up twice.
_tags_with_counts = PreparedLookup(
    lambda listed_in, named_in, now: _with_post_count(listed_in, Tag, Listing.TAG, now)
    .filter(locale__language_code=named_in).values_list("name", "slug", "post_count").order_by("name"),
    names=("listed_in", "named_in", "now"), moments=("now",))


def tag_counts(language):
    """Every tag carried by a listed post in ``language``, with its number of such posts, by name
    (``name``, ``slug``, ``post_count``)."""
    return [{"name": name, "slug": slug, "post_count": count} for name, slug, count in
            _tags_with_counts.rows(listed_in=language, named_in=language, now=timezone.now()) if count]


def _counterpart(model):
    return PreparedLookup(
        lambda key, language: model.objects.filter(translation_key=key, locale__language_code=language)
        .order_by("pk")[:1],
        names=("key", "language"), uuids=("key",),
    )


# A category's or tag's translation in a language: the same translation key, that language's locale.
_COUNTERPARTS = {"category": _counterpart(Category), "tag": _counterpart(Tag)}

RESOLVERS = {
    "tag": tag_archive,
    "category": category_archive,
    "author": author_archive,
    "year": year_archive,
    "month": month_archive,
}
