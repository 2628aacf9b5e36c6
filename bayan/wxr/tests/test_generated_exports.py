"""Exports built by hypothesis from WordPress's own vocabulary: whatever they hold, the import keeps its promises.

Each generated export has posts and pages with any status, title, slug and date the
exporter could write (empty, repeated, Arabic, percent-encoded, out of range), nested
pages whose parents may be missing, terms and comments. For every one: no traceback,
every listed post answers at its address and its old ``/?p=`` address leads to it, and a
second import changes nothing.
"""

from datetime import datetime
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from bayan.newsroom.models import PostPage
from bayan.wxr.importer import import_files
from bayan.wxr.models import ImportedItem

from .helpers import HEAD

pytestmark = pytest.mark.django_db

WORDS = st.sampled_from(["Statement", "بيان", "journalist", "الصحفي", "Mazen", "release", "حرية", "-", "é", "100%"])
TITLES = st.lists(WORDS, max_size=5).map(" ".join)
SLUGS = st.one_of(
    st.just(""),
    TITLES.map(lambda title: quote(title.replace(" ", "-").lower(), safe="-")),
    st.sampled_from(["statement", "release", "%d8%a8%d9%8a%d8%a7%d9%86", "a" * 240, "100%25", "--"]),
)
PAST = st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2025, 12, 31))
DATES = st.one_of(
    PAST.map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")),
    PAST.map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")),
    st.sampled_from(["0000-00-00 00:00:00", "", "2019-02-30 10:00:00", "not a date"]),
)
# Mostly published, as in a real archive; every other status WordPress writes now and then.
STATUSES = st.one_of(st.just("publish"), st.just("publish"), st.sampled_from(
    ["draft", "pending", "private", "future", "trash", "auto-draft", "inherit"]))
TYPES = st.sampled_from(["post", "post", "post", "page", "attachment", "nav_menu_item"])
# Polylang's marks too: a language the site publishes, one it does not (skipped), one never heard of,
# and translation groups that may hold two items of one language.
TERMS = st.lists(st.one_of(
    st.tuples(st.sampled_from(["category", "post_tag"]), st.sampled_from(["news", "أخبار", "detention", "%d8%a7"]),
              WORDS),
    st.tuples(st.just("language"), st.sampled_from(["en", "ar", "fa", "EN", "news"]), WORDS),
    st.tuples(st.just("post_translations"), st.sampled_from(["pll_a", "pll_b"]), WORDS),
), max_size=3)


@st.composite
def items(draw):
    number = draw(st.integers(min_value=1, max_value=40))
    kind = draw(TYPES)
    title, slug, date, status = draw(TITLES), draw(SLUGS), draw(DATES), draw(STATUSES)
    parent = draw(st.integers(min_value=0, max_value=40)) if kind == "page" else 0
    query = "page_id" if kind == "page" else "p"  # as WordPress writes guids
    terms = "".join(f'<category domain="{domain}" nicename="{escape(nicename)}"><![CDATA[{name}]]></category>'
                    for domain, nicename, name in draw(TERMS))
    password = draw(st.sampled_from(["", "", "secret"]))
    comments = draw(st.sampled_from(["", "<wp:comment><wp:comment_id>5</wp:comment_id>"
                                         "<wp:comment_author>A</wp:comment_author>"
                                         "<wp:comment_date>2019-01-01 00:00:00</wp:comment_date>"
                                         "<wp:comment_content>Hi</wp:comment_content><wp:comment_approved>1"
                                         "</wp:comment_approved></wp:comment>"]))
    return (
        f"<item><title>{escape(title)}</title><link>https://old.example.org/{slug}/</link>"
        f'<dc:creator>editor</dc:creator><guid isPermaLink="false">https://old.example.org/?{query}={number}</guid>'
        f"<content:encoded><![CDATA[<p>{title}</p>\n\n[gallery ids=\"1\"]]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:post_password>{password}</wp:post_password><wp:post_type>{kind}</wp:post_type>{terms}{comments}</item>\n"
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(items(), min_size=1, max_size=12))
def test_any_export_imports_keeps_its_addresses_and_imports_again_unchanged(tmp_path_factory, client, generated):
    path = tmp_path_factory.mktemp("export") / "export.xml"
    path.write_text(HEAD + "".join(generated) + "</channel>\n</rss>\n", encoding="utf-8")
    Page.objects.filter(depth__gt=2).delete()
    ImportedItem.objects.all().delete()
    import_files([path])
    listed = list(PostPage.objects.visible_to_readers())
    for post in listed:
        assert client.get(post.url).status_code == 200, post.url
    for post in listed:
        record = ImportedItem.objects.get(kind="post", target_id=post.pk)
        if "~" in record.wp_id:
            continue  # an id the export repeated: its old address leads to the first item with it
        old = client.get(f"/?p={record.wp_id}")
        assert old.status_code == 301 and unquote(old["Location"]) == unquote(post.url), record.wp_id
    again = import_files([path])
    for kind in ("post", "page"):
        assert "created" not in again.counts[kind] and "updated" not in again.counts[kind], (kind, again.as_dict())
