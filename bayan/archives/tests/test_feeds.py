import html
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def tricky_post():
    return make_post(
        title='Release <b>Rami</b> & "all" detainees',
        body="<p>Tom &amp; Jerry <script>x</script> wrote&nbsp;this.</p>",
        date=datetime(2019, 5, 4, 10, 30, tzinfo=UTC),
        tags=[tag_named("detention"), tag_named("A&B <tag>")],
        category=category("en", "statement"),
        authors=[author_named("Legal unit", "legal-unit")],
    )


def parse(response):
    assert response.status_code == 200
    return etree.fromstring(response.content, parser=etree.XMLParser(resolve_entities=False, no_network=True))


@pytest.mark.parametrize("url", ["/en/feed/", "/en/tag/detention/feed/", "/en/category/statement/feed/",
                                 "/en/author/legal-unit/feed/"])
def test_rss_feeds_are_valid_and_keep_text_exact(client, tricky_post, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    item = channel.find("item")
    assert item.findtext("title") == 'Release <b>Rami</b> & "all" detainees'
    assert item.findtext("link").endswith(tricky_post.url)
    assert parsedate_to_datetime(item.findtext("pubDate")) == datetime(2019, 5, 4, 10, 30, tzinfo=UTC)
    assert [c.text for c in item.findall("category")] == ["statement", "A&B <tag>", "detention"]
    # The description is HTML, as feed readers take it: the excerpt's text, escaped.
    description = item.findtext("description")
    assert "<" not in description
    assert "Tom & Jerry" in html.unescape(description)


def test_atom_feed_is_valid_with_dates_and_authors(client, tricky_post):
    response = client.get("/en/tag/detention/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == 'Release <b>Rami</b> & "all" detainees'
    assert entry.findtext(f"{ATOM}published") == "2019-05-04T10:30:00+00:00"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Legal unit"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/en/tag/detention/feed/atom/")


def test_arabic_feed_lists_only_arabic_posts(client, tricky_post):
    make_post("ar", "بيان حول الصحفيين المعتقلين")
    items = parse(client.get("/ar/feed/")).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == ["بيان حول الصحفيين المعتقلين"]


def test_feeds_of_unknown_archives_are_not_found(client):
    assert client.get("/en/tag/nothing-here/feed/").status_code == 404
    assert client.get("/en/author/nobody/feed/atom/").status_code == 404


def test_feed_items_come_newest_first_with_the_newer_post_first_on_the_same_date(client):
    moment = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
    older = make_post(title="Earlier of two on one morning", date=moment, tags=[tag_named("detention")])
    newer = make_post(title="Later of two on one morning", date=moment, tags=[tag_named("detention")])
    newest = make_post(title="A statement the next day", date=datetime(2021, 3, 2, tzinfo=UTC),
                       tags=[tag_named("detention")], category=category("en", "statement"))
    entries = parse(client.get("/en/tag/detention/feed/atom/")).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [newest.title, newer.title, older.title]
    assert [entry.find(f"{ATOM}link").get("href").split("/", 3)[3] for entry in entries] == [
        post.url.lstrip("/") for post in (newest, newer, older)]
    # The updated date is the last publication's; an uncategorised post is filed under its tags alone.
    newer.refresh_from_db()
    assert entries[1].findtext(f"{ATOM}updated") == newer.last_published_at.isoformat()
    assert [category.get("term") for category in entries[1].findall(f"{ATOM}category")] == ["detention"]
    assert [category.get("term") for category in entries[0].findall(f"{ATOM}category")] == ["statement", "detention"]


def test_an_empty_feed_is_dated_when_the_site_was_set_up_and_a_change_elsewhere_leaves_it_alone(client):
    from django.db.migrations.recorder import MigrationRecorder

    from bayan.tests.committing import committed

    set_up = MigrationRecorder.Migration.objects.order_by("applied").values_list("applied", flat=True).first()
    before = client.get("/en/person/feed/atom/").content
    committed(make_post, title="A post on no person's feed")  # a new content generation
    after = client.get("/en/person/feed/atom/").content
    assert before == after
    updated = parse_atom_updated(after)
    assert updated == set_up


def test_an_empty_feed_asks_the_database_no_more_than_a_full_one(client):
    make_post(title="A post on the site's feed")
    for address in ("/en/feed/", "/en/person/feed/atom/"):
        client.get(address)  # what is held per content generation, read once
    with CaptureQueriesContext(connection) as full:
        full_feed = client.get("/en/feed/")
    with CaptureQueriesContext(connection) as empty:
        empty_feed = client.get("/en/person/feed/atom/")
    assert full_feed.status_code == empty_feed.status_code == 200
    assert b"<item>" in full_feed.content
    # An Atom feed with no entries, dated when the site was set up.
    assert b"<entry>" not in empty_feed.content and parse_atom_updated(empty_feed.content)
    assert len(empty) <= len(full)


def parse_atom_updated(content):
    feed = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    return datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
