"""What a post page shows besides the post: its translations and its machine-readable description."""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bayan.addresses import post_address

from .additions import additions_for, merged_structured_data, page_html
from .filing import Link, filing_of
from .models import PostPage

# The characters that could close a <script> element or start markup inside it.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def translation_links(post):
    """(language code, URL) of each translation of ``post`` that readers can see."""
    translations = (
        PostPage.objects.visible_to_readers().filter(translation_key=post.translation_key)
        .exclude(pk=post.pk).order_by("locale__language_code")
        .values_list("locale__language_code", "slug")
    )
    return [(language, post_address(language, slug)) for language, slug in translations]


def _filing(post, request):
    """(authors, tags, further categories, translation links) of the post as the page shows it."""
    if getattr(request, "is_preview", False):
        # A preview shows relations that exist only on the edited post, not in the database yet.
        others = [category for category in post.other_categories.all() if category.pk != post.category_id]
        language = post.locale.language_code
        authors = [Link(author.pk, author.name_in(language), author.slug) for author in post.authors.all()]
        return authors, list(post.tags.all()), others, translation_links(post)
    # Read with the post when it was found by its address (``archives.views.listed_post``).
    filing = getattr(post, "filing_read_with_it", None) or filing_of(post)
    return filing.authors, filing.tags, filing.categories_besides(post.category_id), filing.translations


def news_article_data(post, authors=(), tags=()):
    """schema.org NewsArticle for ``post``, as a dict ready for JSON-LD once its publisher is added.

    The publisher is the organisation, which the newsroom does not know: the post's template
    names it (``json_ld_with_publisher`` in bayan/reader_templates.py).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "datePublished": post.date.isoformat(),
        "inLanguage": post.locale.language_code,
        "url": settings.BASE_URL + post.reader_path(),
        "description": post.listing_excerpt,
    }
    if post.last_published_at:
        data["dateModified"] = post.last_published_at.isoformat()
    if authors:
        data["author"] = [{"@type": "Person", "name": author.name} for author in authors]
    if post.category_id:
        data["articleSection"] = post.category.name
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data


def json_ld(data):
    """A <script type="application/ld+json"> element that no string inside ``data`` can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # str.replace, several times over: str.translate with a mapping walks the text in Python.
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def post_context(post, request):
    """Template context for a post's own page; a published post's relations are read in one query."""
    authors, tags, other_categories, translations = _filing(post, request)
    # What other apps add (a joint statement's signatories): after the text and in the JSON-LD.
    additions = additions_for([post], post.locale.language_code, request).get(post.pk, [])
    return {
        "additions": page_html(additions),
        "alternates": translations,
        "canonical_url": post.reader_path(),
        "categories": ([post.category] if post.category_id else []) + other_categories,
        "authors": authors,
        "tags": tags,
        "article_data": merged_structured_data(news_article_data(post, authors, tags), additions),
    }
