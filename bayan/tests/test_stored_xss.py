"""Stored XSS is impossible: hostile text in every field a reader page shows stays text on every page kind.

Titles, excerpts, bodies, tags, category and author names carry each payload; the
post page, the archives, the tag index, the feeds, search and the sitemap are read
back and parsed as a browser (or a feed reader) would.
"""

import lxml.etree
import lxml.html
import pytest
from django.test import override_settings

from bayan.newsroom.models import Author, Category
from bayan.newsroom.services import add_post, tag_named
from bayan.tests.shared_rows import kept_for_the_module
from bayan.wxr.sanitise import clean_html

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7|add:7 }} {% now 'Y' %}",
    "]]><script>alert(1)</script>",
    "\u202e<iframe src=//attacker.example>",
    "<style>*{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
OWN_SCRIPT_TYPES = {"application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href"}


def active_content(document):
    """Everything in a parsed page that could run script or load from another site, as a list of findings."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        own_script = (element.get("src") or "").startswith("/static/")
        if tag == "script" and element.get("type") not in OWN_SCRIPT_TYPES and not own_script:
            found.append(lxml.html.tostring(element)[:80])
        if tag in ("iframe", "object", "embed", "svg", "math", "style", "base"):
            found.append(tag)
        for name, value in element.attrib.items():
            name, address = name.lower(), "".join(value.split()).lower()
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            hostile = address.startswith(("javascript:", "data:")) or "attacker.example" in address
            if name in URL_ATTRIBUTES and hostile:
                found.append(f"{tag}[{name}={value[:30]}]")
    return found


@pytest.fixture(scope="module")
def hostile_posts(django_db_setup, django_db_blocker):
    """One post per payload, the payload in every text field it has, with a hostile tag, category and author."""
    with kept_for_the_module(django_db_blocker):
        locale = Category.objects.filter(locale__language_code="en").first().locale
        posts = []
        for number, payload in enumerate(PAYLOADS):
            category = Category.objects.create(locale=locale, name=f"{payload} {number}", slug=f"hostile-{number}")
            author = Author.objects.create(name=f"{payload} {number}", slug=f"hostile-{number}")
            tag = tag_named(f"{payload} {number}", slug=f"hostile-{number}")
            posts.append(add_post(
                "en", f"Statement {number} {payload}", body=clean_html(f"<p>Detained {payload} journalist</p>"),
                excerpt=f"Excerpt {payload}", category=category, tags=[tag], authors=[author],
                slug=f"statement-{number}",
            ))
        yield posts


def reader_pages(posts):
    pages = ["/en/", "/en/tag/", "/en/search/?q=statement", "/en/search/?q=<script>alert(1)</script>"]
    for number, post in enumerate(posts):
        pages += [post.url, f"/en/tag/hostile-{number}/", f"/en/category/hostile-{number}/",
                  f"/en/author/hostile-{number}/"]
    return pages


@override_settings(BAYAN_SEARCH_CACHE=False)
def test_no_reader_page_runs_or_loads_anything_a_payload_carries(client, hostile_posts):
    for address in reader_pages(hostile_posts):
        response = client.get(address)
        assert response.status_code == 200, address
        document = lxml.html.document_fromstring(response.content)
        assert active_content(document) == [], address


def test_titles_are_shown_as_the_text_that_was_typed(client, hostile_posts):
    for post in hostile_posts:
        document = lxml.html.document_fromstring(client.get(post.url).content)
        assert post.title in [heading.text_content().strip() for heading in document.iter("h1")]


def test_feeds_stay_well_formed_and_carry_the_payloads_as_text(client, hostile_posts):
    for number, _post in enumerate(hostile_posts):
        for address in (f"/en/tag/hostile-{number}/feed/", f"/en/tag/hostile-{number}/feed/atom/", "/en/feed/"):
            response = client.get(address)
            assert response.status_code == 200, address
            feed = lxml.etree.fromstring(response.content, parser=lxml.etree.XMLParser(resolve_entities=False))
            titles = [element.text for element in feed.iter("{*}title") if element.text]
            assert any(PAYLOADS[number] in title for title in titles), address
            for element in feed.iter("{*}description", "{*}content", "{*}summary"):
                if element.text and "<" in element.text:
                    markup = lxml.html.fragment_fromstring(element.text, create_parent="div")
                    assert active_content(markup) == [], address


def test_the_sitemap_is_well_formed(client, hostile_posts):
    response = client.get("/sitemap.xml")
    lxml.etree.fromstring(response.content)
    for section in lxml.etree.fromstring(response.content).iter("{*}loc"):
        path = section.text.split("://", 1)[1].split("/", 1)[1]
        lxml.etree.fromstring(client.get(f"/{path}").content)


def test_structured_data_cannot_be_closed_early(client, hostile_posts):
    import json

    for post in hostile_posts:
        document = lxml.html.document_fromstring(client.get(post.url).content)
        scripts = [script for script in document.iter("script") if script.get("type") == "application/ld+json"]
        assert len(scripts) == 1
        assert json.loads(scripts[0].text)["headline"] == post.title
