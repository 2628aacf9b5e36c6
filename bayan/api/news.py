"""Posts, tags, categories, authors and search."""

import math
from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from bayan.cases.models import PostPerson
from bayan.newsroom.models import PostPage, TaggedPost
from bayan.search import searching
from bayan.statements.models import Signatory, Statement

from . import schemas
from .paging import MOST, after, cursor_after, page_of
from .parameters import declared_only
from .public import archive_counts, public, visible_posts
from .public import listed_post_ids as public_listing
from .serialize import author_data, post_data, term_data
from .urls_of import next_address

router = Router(tags=["news"])


class Listing(Schema):
    model_config = ConfigDict(extra="forbid")
    cursor: str | None = Field(None, description="From the previous page's `next_cursor`.")
    limit: int = Field(20, ge=1, le=MOST, description=f"Items per page, at most {MOST}.")


class PostFilters(Listing):
    language: Literal[tuple(code for code, _name in settings.LANGUAGES)] | None = Field(
        None, description="Only posts in this language.")
    category: schemas.Id | None = Field(None, description="Only posts filed under this category (id).")
    tag: schemas.Id | None = Field(None, description="Only posts with this tag (id).")
    author: schemas.Id | None = Field(None, description="Only posts by this author (id).")
    published_after: datetime | date | None = Field(None, description="Only posts dated after this, ISO 8601.")
    published_before: datetime | date | None = Field(None, description="Only posts dated before this, ISO 8601.")
    person: schemas.Id | None = Field(None, description="Only posts that speak of this person (id).")
    organisation: schemas.Id | None = Field(None, description="Only joint statements this organisation signed (id).")
    joint: bool | None = Field(None, description="Only joint statements (true), or only other posts (false).")
    text: Literal["html", "plain", "excerpt"] = Field("html", description="The body as HTML, as plain text, "
                                                                           "or left out (the excerpt alone).")


class PostText(Schema):
    model_config = ConfigDict(extra="forbid")
    text: Literal["html", "plain", "excerpt"] = Field("html", description="The body as HTML, plain text, or left out.")


class TermFilters(Listing):
    language: Literal[tuple(code for code, _name in settings.LANGUAGES)] | None = Field(
        None, description="Only those of this language.")


class SearchQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    q: str = Field("", description="Words to search, in Arabic or English, as on the site's search page.")
    language: list[str] = Field([], description="Facet: language codes.")
    category: list[schemas.Id] = Field([], description="Facet: category ids.")
    year: list[int] = Field([], description="Facet: years.")
    tag: list[schemas.Id] = Field([], description="Facet: tag ids.")
    author: list[schemas.Id] = Field([], description="Facet: author ids.")
    page: int = Field(1, ge=1, le=10_000, description="Page of results (ten to a page).")


def _needs_the_rule(filters):
    """Whether a posts query filters on more than the archives keep lists of (a language, a tag)."""
    return any(getattr(filters, name) is not None for name in (
        "category", "author", "published_after", "published_before", "person", "organisation", "joint"))


def _moment(value, end=False):
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    moment = datetime.combine(value, datetime.max.time() if end else datetime.min.time())
    return timezone.make_aware(moment)


@router.get("/posts/", response=schemas.answers(schemas.PostPage), summary="Posts readers may see, newest first")
@declared_only
def posts(request, filters: Query[PostFilters]):
    if not _needs_the_rule(filters):
        # All posts, a language's or a tag's: read from the archives' entries, as the archives are.
        ids = public_listing(filters.limit + 1, filters.language, filters.tag, after("posts", filters.cursor))
        results = post_data(ids[:filters.limit], filters.text)
        cursor = None
        if len(ids) > filters.limit and results:
            cursor = cursor_after("posts", results[-1]["id"], datetime.fromisoformat(results[-1]["date"]))
        return {"results": results, "next": next_address(request, cursor), "next_cursor": cursor}
    found = visible_posts()
    if filters.language:
        found = found.filter(locale__language_code=filters.language)
    if filters.category is not None:
        found = found.filter(pk__in=PostPage.objects.filter(category_id=filters.category).values("pk")) | found.filter(
            pk__in=PostPage.other_categories.through.objects.filter(category_id=filters.category).values("postpage_id"))
    if filters.tag is not None:
        found = found.filter(pk__in=TaggedPost.objects.filter(tag_id=filters.tag).values("content_object_id"))
    if filters.author is not None:
        found = found.filter(pk__in=PostPage.authors.through.objects.filter(author_id=filters.author)
                             .values("postpage_id"))
    if filters.published_after is not None:
        found = found.filter(date__gt=_moment(filters.published_after, end=True))
    if filters.published_before is not None:
        found = found.filter(date__lt=_moment(filters.published_before))
    if filters.person is not None:
        found = found.filter(pk__in=PostPerson.objects.visible_to_readers().filter(person_id=filters.person)
                             .values("post_id"))
    if filters.organisation is not None:
        signed = Signatory.objects.filter(organisation_id=filters.organisation,
                                          organisation__in=public("organisation")).values("statement_id")
        found = found.filter(translation_key__in=Statement.objects.filter(pk__in=signed).values("translation_key"))
    if filters.joint is not None:
        keys = Statement.objects.values("translation_key")
        found = found.filter(translation_key__in=keys) if filters.joint else found.exclude(translation_key__in=keys)
    rows, cursor = page_of(found.only("pk", "date"), "posts", filters.cursor, filters.limit, by_date=True)
    return {"results": post_data([row.pk for row in rows], filters.text), "next": next_address(request, cursor),
            "next_cursor": cursor}


@router.get("/posts/{post_id}/", response=schemas.answers(schemas.Post), summary="One post readers may see")
@declared_only
def post(request, post_id: schemas.Id, options: Query[PostText]):
    found = post_data([post_id], options.text)
    if not found:
        raise Http404
    return found[0]


def _terms(request, kind, filters):
    found = public(kind).select_related("locale")
    if filters.language:
        found = found.filter(locale__language_code=filters.language)
    rows, cursor = page_of(found, f"{kind}s", filters.cursor, filters.limit)
    return {"results": term_data(kind, rows, archive_counts(kind, [row.pk for row in rows])),
            "next": next_address(request, cursor), "next_cursor": cursor}


def _term(kind, pk):
    found = get_object_or_404(public(kind).select_related("locale"), pk=pk)
    return term_data(kind, [found], archive_counts(kind, [pk]))[0]


@router.get("/tags/", response=schemas.answers(schemas.TermPage), summary="Tags that posts readers may see carry")
@declared_only
def tags(request, filters: Query[TermFilters]):
    return _terms(request, "tag", filters)


@router.get("/tags/{tag_id}/", response=schemas.answers(schemas.TermDetail), summary="One tag")
@declared_only
def tag(request, tag_id: schemas.Id):
    return _term(kind="tag", pk=tag_id)


@router.get("/categories/", response=schemas.answers(schemas.TermPage), summary="Categories of posts readers may see")
@declared_only
def categories(request, filters: Query[TermFilters]):
    return _terms(request, "category", filters)


@router.get("/categories/{category_id}/", response=schemas.answers(schemas.TermDetail), summary="One category")
@declared_only
def category(request, category_id: schemas.Id):
    return _term(kind="category", pk=category_id)


@router.get("/authors/", response=schemas.answers(schemas.AuthorPage), summary="Authors of posts readers may see")
@declared_only
def authors(request, filters: Query[Listing]):
    rows, cursor = page_of(public("author"), "authors", filters.cursor, filters.limit)
    return {"results": author_data(rows, archive_counts("author", [row.pk for row in rows])),
            "next": next_address(request, cursor), "next_cursor": cursor}


@router.get("/authors/{author_id}/", response=schemas.answers(schemas.Author), summary="One author")
@declared_only
def author(request, author_id: schemas.Id):
    return author_data([get_object_or_404(public("author"), pk=author_id)], archive_counts("author", [author_id]))[0]


@router.get("/search/", response=schemas.answers(schemas.SearchResults),
            summary="Search posts as the site's search page does")
@declared_only
def search(request, query: Query[SearchQuery]):
    filters = {name: [str(value) for value in getattr(query, name)] for name in searching.FACETS}
    results = searching.search(query.q, filters, page=query.page)
    hits = results.hits or results.close_hits
    data = {found["id"]: found for found in post_data([hit.post_id for hit in hits], "excerpt")}
    shown = [hit for hit in hits if hit.post_id in data]
    per_page = settings.BAYAN_ITEMS_PER_PAGE
    return {
        "query": results.query.raw, "total": results.total, "mode": results.mode, "page": query.page,
        "pages": max(1, math.ceil(results.total / per_page)),
        "results": [{"post": data[hit.post_id], "excerpt": _plain(hit.excerpt_html)} for hit in shown],
        "facets": {name: [{"value": str(value.value), "label": str(value.label), "count": value.count,
                           "selected": value.selected} for value in values]
                   for name, values in results.facets.items()},
    }


def _plain(html):
    from bayan.newsroom.text import html_to_text

    return html_to_text(str(html))
