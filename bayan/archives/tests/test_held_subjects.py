"""A tag's or category's page finds its subject held from an earlier request, and reads its posts and the content
generation in one statement; a subject held from a generation that has ended is read anew, never shown stale."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bayan.archives import archive as archives
from bayan.newsroom.models import PostPage, Tag
from bayan.newsroom.services import author_named, category_named, tag_named
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.held import HeldUntilChecked
from bayan.pagecache.invalidation import start_new_generation
from bayan.pagecache.models import ContentGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_held():
    """Each test starts with no subject held, whatever an earlier test in this process asked."""
    archives._held_subjects = HeldUntilChecked()


@pytest.fixture
def detention():
    tag = tag_named("detention")
    for days_ago in range(3):
        make_post(title=f"Detained reporter {days_ago}", tags=[tag], days_ago=days_ago + 1)
    return tag


def statements_for(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    return response, [query["sql"] for query in captured]


def test_a_tag_page_asked_again_reads_its_posts_and_the_generation_in_one_statement(client, detention):
    client.get("/en/tag/detention/")  # the page's chrome (menus, the organisation) held for this generation
    archives._held_subjects = HeldUntilChecked()
    first, first_statements = statements_for(client, "/en/tag/detention/")
    again, statements = statements_for(client, "/en/tag/detention/")
    assert first.status_code == again.status_code == 200
    assert len(first_statements) == 2 and "newsroom_tag" in first_statements[0]
    assert len(statements) == 1 and "WITH newest" in statements[0] and "contentgeneration" in statements[0]
    assert again.content == first.content


def test_a_category_page_an_author_page_and_a_tag_feed_hold_their_subject_too(client, detention):
    reports = category_named("en", "Reports", "reports")
    make_post(title="A filed report", category=reports, authors=[author_named("Legal unit", "legal-unit")], days_ago=1)
    for address, statements_when_held in [("/en/category/reports/", 1), ("/en/author/legal-unit/", 1),
                                          ("/en/tag/detention/feed/", 2)]:
        client.get(address)
        response, statements = statements_for(client, address)
        assert response.status_code == 200
        assert len(statements) == statements_when_held, statements


def test_a_renamed_tag_is_shown_with_its_new_name_in_the_next_generation(client, detention):
    assert "detention" in client.get("/en/tag/detention/").content.decode()
    Tag.objects.filter(pk=detention.pk).update(name="Arbitrary detention")
    start_new_generation()
    response, statements = statements_for(client, "/en/tag/detention/")
    assert "Arbitrary detention" in response.content.decode()
    # The held tag's check failed, so the tag was read again, then the page with it (the chrome is read anew too).
    page_reads = [statement for statement in statements if "WITH newest" in statement]
    tag_reads = [statement for statement in statements if "newsroom_tag" in statement]
    assert len(page_reads) == 2 and len(tag_reads) == 1


def test_a_tag_moved_to_another_slug_is_no_longer_found_at_the_old_one(client, detention):
    assert client.get("/en/tag/detention/").status_code == 200
    Tag.objects.filter(pk=detention.pk).update(slug="detentions")
    start_new_generation()
    assert client.get("/en/tag/detention/").status_code == 404
    assert client.get("/en/tag/detention/page/1/").status_code == 404
    assert client.get("/en/tag/detentions/").status_code == 200


def test_a_held_tag_whose_posts_are_all_withdrawn_is_not_found(client, detention):
    assert client.get("/en/tag/detention/").status_code == 200
    assert client.get("/en/tag/detention/feed/").status_code == 200
    for post in PostPage.objects.filter(tags=detention):
        post.unpublish()
    start_new_generation()
    assert client.get("/en/tag/detention/").status_code == 404
    assert client.get("/en/tag/detention/feed/").status_code == 404


def test_a_tag_not_found_is_not_held(client):
    for _attempt in range(2):
        response, statements = statements_for(client, "/en/tag/no-such-tag/")
        assert response.status_code == 404
        assert any("newsroom_tag" in statement for statement in statements)


def test_only_the_most_recently_used_subjects_are_held():
    held = HeldUntilChecked(capacity=2)
    held.keep("a", "t1", 1)
    held.keep("b", "t1", 2)
    assert held.get("a") == ("t1", 1)
    held.keep("c", "t1", 3)
    assert held.get("b") is None
    assert held.get("a") == ("t1", 1) and held.get("c") == ("t1", 3)
    held.forget("a")
    assert held.get("a") is None


def test_an_archive_resolved_without_the_check_never_takes_a_held_subject(client, detention):
    client.get("/en/tag/detention/")
    Tag.objects.filter(pk=detention.pk).update(name="Renamed, no new generation yet")
    found = archives.tag_archive("en", "detention")
    assert found.held_in is None and found.title == "Renamed, no new generation yet"
    assert archives.tag_archive("en", "detention", held=True).held_in is not None


@pytest.mark.parametrize("address", ["/en/tag/detention/", "/en/tag/detention/feed/", "/en/"])
def test_an_archive_asked_once_its_generation_has_come_due_starts_the_next(client, detention, address):
    client.get(address)
    ContentGeneration.objects.filter(pk=1).update(due_at=timezone.now() - timedelta(seconds=1))
    due = ContentGeneration.objects.get(pk=1).token
    assert client.get(address).status_code == 200
    assert ContentGeneration.objects.get(pk=1).token != due


def test_a_renamed_author_is_shown_with_the_new_name_in_the_next_generation(client):
    author = author_named("Legal unit", "legal-unit")
    make_post(title="A filed report", authors=[author], days_ago=1)
    assert "Legal unit" in client.get("/en/author/legal-unit/").content.decode()
    type(author).objects.filter(pk=author.pk).update(name="Legal and advocacy unit")
    start_new_generation()
    assert "Legal and advocacy unit" in client.get("/en/author/legal-unit/").content.decode()
