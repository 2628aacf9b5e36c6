"""A generated press-release corpus survives the trip from WordPress: every field, every old address."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import pytest

from bayan.newsroom.models import PostPage
from bayan.newsroom.text import html_to_text, split_words
from bayan.wxr.importer import import_files

from .helpers import BENCH, require_shared

pytestmark = pytest.mark.django_db
WP = "{http://wordpress.org/export/1.2/}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    require_shared(BENCH / "gen_corpus.py")
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, BENCH / "gen_corpus.py", "--posts", "120", "--format", "wxr", "--out", folder],
                   check=True, capture_output=True)
    return folder


def source_posts(path):
    for item in ElementTree.parse(path).getroot().iter("item"):
        terms = [(c.get("domain"), unquote(c.get("nicename")), c.text) for c in item.findall("category")]
        yield {
            "id": item.findtext(f"{WP}post_id"),
            "title": item.findtext("title"),
            "slug": unquote(item.findtext(f"{WP}post_name")),
            "date": datetime.strptime(item.findtext(f"{WP}post_date_gmt"), "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=UTC),
            "body": item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"),
            "language": next(nicename for domain, nicename, _ in terms if domain == "language"),
            "category": next(nicename for domain, nicename, _ in terms if domain == "category"),
            "tags": sorted(nicename for domain, nicename, _ in terms if domain == "post_tag"),
            "link": item.findtext("link"),
        }


def test_every_post_comes_across_unchanged_and_its_old_addresses_lead_to_it(client, corpus):
    wxr = corpus / "corpus.wxr"
    import_files([wxr])
    sources = list(source_posts(wxr))
    assert PostPage.objects.count() == len(sources) == 120
    for source in sources:
        post = PostPage.objects.get(slug=source["slug"], locale__language_code=source["language"])
        assert post.title == source["title"]
        assert post.date == source["date"]
        assert post.category.slug == source["category"]
        assert sorted(tag.slug for tag in post.tags.all()) == source["tags"]
        assert split_words(html_to_text(post.body)) == split_words(html_to_text(source["body"]))
        assert unquote(post.url) == f"/{source['language']}/{source['slug']}/"
        for old in (f"/?p={source['id']}", urlsplit(source["link"]).path):
            response = client.get(old)
            assert response.status_code == 301, old
            assert unquote(response["Location"]) == unquote(post.url)
        assert client.get(post.url).status_code == 200


def test_a_second_import_changes_nothing(corpus):
    wxr = corpus / "corpus.wxr"
    import_files([wxr])
    again = import_files([wxr])
    assert dict(again.counts["post"]) == {"unchanged": 120}


def test_the_benchmarks_addresses_answer_after_import(client, corpus):
    import_files([corpus / "corpus.wxr"])
    urls = json.loads((corpus / "urls.json").read_text())["mix"]["bayan"]
    for path in urls["single"] + [path.split("/page/")[0] + "/" for path in urls["tag_page3"]]:
        assert client.get(path).status_code == 200, path


def unused_tag(path):
    """The slug of a tag the export declares but none of its posts carries."""
    root = ElementTree.parse(path).getroot()
    used = {unquote(c.get("nicename")) for c in root.iter("category") if c.get("domain") == "post_tag"}
    declared = [unquote(tag.findtext(f"{WP}tag_slug")) for tag in root.iter(f"{WP}tag")]
    return next(slug for slug in declared if slug not in used)


def test_old_archive_and_feed_addresses_lead_to_their_new_homes(client, corpus):
    import_files([corpus / "corpus.wxr"])
    # A tag no post of this small corpus carries is still kept, in the export's language (Arabic).
    slug = unused_tag(corpus / "corpus.wxr")
    unused = client.get(f"/tag/{slug}/")
    assert unused.status_code == 301 and unquote(unused["Location"]) == f"/ar/tag/{slug}/"
    # (Its archive lists nothing a reader may see, so it answers 404 until a post carries the tag.)
    used = PostPage.objects.filter(tagged_items__isnull=False).first().tags.first()
    tag = client.get(f"/tag/{used.slug}/")
    assert tag.status_code == 301 and client.get(tag["Location"]).status_code == 200
    # The export declares Arabic as its language: the site-wide feed goes to the Arabic one.
    assert client.get("/feed/")["Location"] == "/ar/feed/"
    assert client.get("/?feed=rss2")["Location"] == "/ar/feed/"
    category = client.get("/category/press-release/")
    assert category.status_code == 301
    assert client.get(category["Location"]).status_code == 200


def test_a_dry_run_writes_nothing(corpus):
    report = import_files([corpus / "corpus.wxr"], dry_run=True)
    assert report.counts["post"]["created"] == 120
    assert PostPage.objects.count() == 0
