"""Every listing's positions follow publishing, unpublishing, deleting, re-dating, re-tagging and category moves."""

import random
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bayan.archives import entries
from bayan.archives.archive import tag_archive
from bayan.archives.models import Listing, ListingEntry
from bayan.newsroom.models import Category, PostPage
from bayan.newsroom.services import author_named, category_named, tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


def expected_listings():
    """What every listing should hold, worked out from the posts alone: {(language, kind, subject): [post ids]}."""
    parents = dict(Category.objects.values_list("id", "parent_id"))
    expected = {}
    for post in PostPage.objects.live().public().order_by("date", "id"):
        keys = {("home", 0)}
        keys.update(("tag", item.tag_id) for item in post.tagged_items.all())
        keys.update(("author", author.pk) for author in post.authors.all())
        for category_id in [post.category_id, *post.other_categories.values_list("pk", flat=True)]:
            while category_id is not None:
                keys.add(("category", category_id))
                category_id = parents.get(category_id)
        for kind, subject in keys:
            expected.setdefault((post.locale.language_code, kind, subject), []).append(post.pk)
    return expected


def stored_listings():
    stored = {}
    for entry in ListingEntry.objects.select_related("listing").order_by("listing_id", "position"):
        key = (entry.listing.language, entry.listing.kind, entry.listing.subject_id)
        stored.setdefault(key, []).append((entry.position, entry.post_id))
    return stored


def assert_listings_match_the_posts():
    stored = stored_listings()
    expected = expected_listings()
    assert sorted(stored) == sorted(expected)
    for key, posts in expected.items():
        assert stored[key] == list(enumerate(posts, start=1)), key


def test_posts_are_numbered_from_the_oldest():
    tag = tag_named("detention")
    newest = make_post(tags=[tag], days_ago=1)
    oldest = make_post(tags=[tag], days_ago=30)
    middle = make_post(tags=[tag], days_ago=10)
    positions = dict(ListingEntry.objects.filter(listing__kind="tag").values_list("post_id", "position"))
    assert positions == {oldest.pk: 1, middle.pk: 2, newest.pk: 3}
    assert_listings_match_the_posts()


def test_unpublishing_and_deleting_close_the_gap():
    tag = tag_named("detention")
    posts = [make_post(tags=[tag], days_ago=days) for days in (5, 4, 3, 2, 1)]
    posts[1].unpublish()
    assert_listings_match_the_posts()
    PostPage.objects.get(pk=posts[2].pk).delete()
    assert_listings_match_the_posts()
    listed = [item.reader_path for item in tag_archive("en", "detention").posts[0:10]]
    assert listed == [posts[4].reader_path(), posts[3].reader_path(), posts[0].reader_path()]


def test_a_view_restriction_takes_a_post_out_of_every_listing():
    # Each change commits, as in the admin.
    with as_committed():
        post = make_post(tags=["detention"], authors=[author_named("Desk")], category=category("en", "report"))
    restriction = PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    assert not ListingEntry.objects.filter(post=post).exists()
    # Lifting it lists the post again when the change commits.
    with as_committed():
        restriction.delete()
    assert ListingEntry.objects.filter(post=post).count() == 4
    assert_listings_match_the_posts()


def test_moving_a_category_moves_its_posts_to_the_new_parents_archive():
    parent, other_parent = category_named("en", "Parent"), category_named("en", "Other parent")
    child = category_named("en", "Child")
    child.parent = parent
    child.save()
    post = make_post(category=child)
    assert ListingEntry.objects.filter(post=post, listing__subject_id=parent.pk, listing__kind="category").exists()
    child.parent = other_parent
    child.save()
    assert_listings_match_the_posts()
    assert not ListingEntry.objects.filter(post=post, listing__subject_id=parent.pk, listing__kind="category").exists()


def test_deleting_a_tag_or_category_removes_its_listing():
    tag = tag_named("gone")
    report = category_named("en", "Temporary")
    make_post(tags=[tag], category=report)
    tag.delete()
    report.delete()
    assert not Listing.objects.filter(kind__in=["tag", "category"]).exists()
    assert_listings_match_the_posts()


def test_a_future_dated_post_is_counted_only_once_its_date_has_come():
    make_post(tags=["detention"], days_ago=3)
    make_post(tags=["detention"], date=timezone.now() + timedelta(days=2))
    assert tag_archive("en", "detention").posts.count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert tag_archive("en", "detention").posts.count() == 2


def test_deleting_a_restricted_post_leaves_no_entry_behind():
    post = make_post(tags=["detention"])
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.PASSWORD, password="x")
    with as_committed():
        PostPage.objects.filter(pk=post.pk).delete()
    assert not ListingEntry.objects.exists()


def test_random_edits_keep_every_listing_numbered_like_a_fresh_count():
    chance = random.Random(7)
    # Each language its own tags: a post carries only its language's.
    tags = {language: [tag_named(f"subject {number}", language=language) for number in range(4)]
            for language in ("en", "ar")}
    authors = [author_named(f"Writer {number}") for number in range(2)]
    categories = [category("en", "report"), category("en", "press-release")]
    posts = []
    for _step in range(40):
        action = chance.choice(["add", "add", "redate", "retag", "unpublish", "republish", "delete"])
        if action == "add" or not posts:
            language = chance.choice(["en", "ar"])
            posts.append(make_post(
                language, tags=chance.sample(tags[language], 2), authors=[chance.choice(authors)],
                category=category("en", "report") if language == "en" else category("ar", "تقرير"),
                days_ago=chance.randint(0, 400),
            ))
            continue
        post = PostPage.objects.get(pk=chance.choice(posts).pk)
        if action == "redate":
            post.date = timezone.now() - timedelta(days=chance.randint(0, 400))
            post.save_revision().publish()
        elif action == "retag":
            post.tags.set(chance.sample(tags[post.locale.language_code], chance.randint(0, 3)))
            if post.locale.language_code == "en":
                post.category = chance.choice(categories)
            post.save_revision().publish()
        elif action == "unpublish" and post.live:
            post.unpublish()
        elif action == "republish" and not post.live:
            post.save_revision().publish()
        elif action == "delete":
            posts = [kept for kept in posts if kept.pk != post.pk]
            post.delete()
        assert_listings_match_the_posts()


def test_rebuilding_gives_what_the_edits_gave():
    for days in (9, 3, 6, 1):
        make_post(tags=["detention"], authors=[author_named("Desk")], category=category("en", "report"),
                  days_ago=days)
    before = stored_listings()
    assert entries.rebuild() == 4
    assert stored_listings() == before


def test_rebuilding_and_moving_entries_log_no_change_of_their_own(monkeypatch):
    """Entries follow posts whose changes the log holds: a rebuild (several per post, millions on a large site)
    or a post's moved entries add no entry of their own, and are removed without being loaded one by one."""
    from bayan import database
    from bayan.pagecache.models import ContentChange

    monkeypatch.setattr(database, "DELETED_PER_STATEMENT", 2)
    posts = [make_post(tags=["detention"], days_ago=days) for days in (9, 3, 6)]
    newest = ContentChange.objects.order_by("-id").first().id
    before = stored_listings()
    assert entries.rebuild() == 3
    assert stored_listings() == before
    # Its date changed behind the ORM's back: every entry of the post is stale, removed and written again.
    PostPage.objects.filter(pk=posts[0].pk).update(date=timezone.now() - timedelta(days=20))
    entries.refresh([posts[0].pk])
    assert_listings_match_the_posts()
    assert not ContentChange.objects.filter(id__gt=newest, model="archives.listingentry").exists()


def test_a_deep_page_is_read_by_position_with_the_same_queries_as_page_two(client, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    tag = tag_named("detention")
    for days in range(12):
        make_post(tags=[tag], days_ago=days + 1)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured]

    shallow, deep = queries("/en/tag/detention/page/2/"), queries("/en/tag/detention/page/6/")
    assert len(shallow) == len(deep)
    assert not any("OFFSET" in sql.upper() for sql in deep)
