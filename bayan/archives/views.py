"""Archive pages: the home listing, tags, categories, authors, years and months; listed posts."""

from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.wagtail_hooks import check_view_restrictions

from bayan.database import PreparedLookup, reading_connection
from bayan.newsroom.filing import filing_column, filing_of_column
from bayan.newsroom.models import PostPage
from bayan.pagecache.held import HeldPerGeneration, note_generation, note_token
from bayan.pagecache.invalidation import GENERATION_COLUMNS
from bayan.pagecache.sites import request_site

from . import archive as archives
from .indexes import date_navigation


def _language(request):
    return translation.get_language()


def _listing(request, resolve, page):
    """Render one page of the archive ``resolve()`` finds; ``/page/1/`` goes to the archive's own address."""
    if page == 1:
        # Only to an archive that is a page: its subject checked as any page's is.
        return redirect(archives.resolved_archive(resolve, lambda found: None).url(), permanent=True)
    number = 1 if page is None else page
    archive = archives.resolved_archive(resolve, lambda found: found.expect_page(number))
    listing = archive.page(number)
    note_token(request, archive.read_token())
    context = {
        "archive": archive,
        "page_obj": listing,
        "posts": listing.object_list,
        "canonical_url": archive.url(number),
        "prev_url": archive.url(number - 1) if listing.has_previous() else None,
        "next_url": archive.url(number + 1) if listing.has_next() else None,
        "alternates": archive_alternates(archive, number),
        "dates": date_navigation(request, archive),
        # None where pages are left out: the paginator's marker is a lazy translation, and
        # comparing each number with it translates it again.
        "page_range": [
            shown if isinstance(shown, int) else None
            for shown in listing.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
        ],
    }
    return render(request, "archives/archive.html", context)


def archive_alternates(archive, page_number=1):
    """The same archive in each other language, where it lists something there, at the same page.

    On page *n* the alternate is the counterpart's page *n*, or its last page when it is
    shorter. A tag, author or period with nothing in the other language gets no
    alternate, so the language switcher sends the reader to that language's home
    instead of an empty page.
    """
    alternates = []
    for code, other in archive.counterparts().items():
        # A language's home is a page even when empty.
        if other is not None and (archive.kind == "home" or other.posts.exists()):
            alternates.append((code, other.nearest_page_url(page_number)))
    return alternates


def home(request, page=None):
    return _listing(request, partial(archives.home_archive, _language(request)), page)


def tag(request, slug, page=None):
    return _listing(request, partial(archives.tag_archive, _language(request), slug, held=True), page)


def category(request, slug, page=None):
    return _listing(request, partial(archives.category_archive, _language(request), slug, held=True), page)


def author(request, slug, page=None):
    return _listing(request, partial(archives.author_archive, _language(request), slug, held=True), page)


def year(request, year, page=None):
    return _listing(request, partial(archives.year_archive, _language(request), year), page)


def month(request, year, month, page=None):
    return _listing(request, partial(archives.month_archive, _language(request), year, month), page)




# The content generation is read with the post (the page's chrome, held per generation, needs it), and so is all
# the post links to (its filing): a statement of its own cost more than the post's own on PostgreSQL.
_listed_post = PreparedLookup(
    lambda language, slug, now: PostPage.objects.visible_to_readers(now)
    .filter(locale__language_code=language, slug=slug)
    .select_related("locale", "category__locale").order_by("pk")[:1],
    names=("language", "slug", "now"), moments=("now",),
    beside=(*GENERATION_COLUMNS, filing_column("found.page_ptr_id")),
)


def _routing_root(site_id, language):
    """(path, depth) of the page Wagtail routes ``language``'s addresses from: its site's root page, localized."""
    site = Site.objects.select_related("root_page").get(pk=site_id)
    with translation.override(language):
        root = site.root_page.localized
    return root.path, root.depth


_held_routing_roots = HeldPerGeneration(_routing_root, capacity=16)


# A child of the routing root by its slug. Written out: built as a queryset, its compilation took longer than
# the statement. Tree paths are made of digits and capital letters, so LIKE needs no escaping here.
_CHILD_BY_SLUG = f"SELECT 1 FROM {Page._meta.db_table} WHERE slug = %s AND depth = %s AND path LIKE %s LIMIT 1"


def _routed_page_exists(request, site, slug):
    """Whether Wagtail's routing would find a page at ``slug`` (readers' rule aside), in one query instead of its three.

    A made-up address is most of what a flood asks for; it is "not found" without Wagtail's walk.
    """
    path, depth = _held_routing_roots.get(request, site.pk, _language(request))
    with reading_connection().cursor() as cursor:
        cursor.execute(_CHILD_BY_SLUG, [slug, depth + 1, f"{path}%"])
        return cursor.fetchone() is not None


def routed_page(request, path):
    """Wagtail's page serving, an address whose first part names no page "not found" at once, without Wagtail's walk."""
    first = path.split("/", 1)[0]
    site = request_site(request)
    if first and site is not None and not _routed_page_exists(request, site, first):
        raise Http404
    return wagtail_views.serve(request, path)


def listed_post(request, slug):
    """A post that readers may see, found by its language and slug in one query instead of a walk down the page tree.

    A post visible to readers is live, public and due, so it needs none of the checks of
    Wagtail's routing, nor its view restriction check; Wagtail's
    other serving hooks still run. Anything else (a page, a protected or unlisted post,
    an unknown slug) goes to Wagtail's serve.
    """
    post, beside = _listed_post.first_and_beside(language=_language(request), slug=slug, now=timezone.now())
    if post is None:
        site = request_site(request)
        if site is not None and not _routed_page_exists(request, site, slug):
            raise Http404
        return wagtail_views.serve(request, f"{slug}/")
    note_generation(request, beside[:len(GENERATION_COLUMNS)])
    post.filing_read_with_it = filing_of_column(beside[len(GENERATION_COLUMNS)], post.pk)
    for hook in hooks.get_hooks("before_serve_page"):
        response = hook(post, request, [], {})
        if isinstance(response, HttpResponse):
            return response

    def serve(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        # Wagtail's view restriction check would read the post's ancestors and their
        # restrictions: a visible post has none, by the definition of visible.
        if wrap is not check_view_restrictions:
            serve = wrap(serve)
    return serve(post, request, [], {})
