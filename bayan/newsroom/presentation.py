"""What a post page shows besides the post: its translations and its machine-readable description."""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# The characters that could close a <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def translation_links(post):
    """(language code, URL) of each live, public translation of ``post``."""
    translations = post.get_translations().live().public().select_related("locale").only("url_path", "locale")
    return [(page.locale.language_code, page.url) for page in translations]


def news_article_data(post):
    """schema.org NewsArticle for ``post``, as a dict ready for JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "datePublished": post.date.isoformat(),
        "inLanguage": post.locale.language_code,
        "url": settings.BASE_URL + post.url,
        "description": post.listing_excerpt,
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
    }
    if post.last_published_at:
        data["dateModified"] = post.last_published_at.isoformat()
    authors = [{"@type": "Person", "name": author.name} for author in post.authors.all()]
    if authors:
        data["author"] = authors
    if post.category_id:
        data["articleSection"] = post.category.name
    keywords = [tag.name for tag in post.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


def json_ld(data):
    """A <script type="application/ld+json"> element that no string inside ``data`` can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def post_context(post, request):
    """Template context for a post's own page."""
    return {
        "alternates": translation_links(post),
        "canonical_url": post.url,
        "json_ld": json_ld(news_article_data(post)),
    }
