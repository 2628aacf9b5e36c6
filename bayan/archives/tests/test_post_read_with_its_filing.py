"""A post page reads its post, the content generation and all the post links to in one statement, and shows the
same filing ``filing_of`` reads on its own, hidden translations left out."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bayan.archives.views import _listed_post
from bayan.newsroom.filing import Filing, filing_of, filing_of_column
from bayan.newsroom.models import AuthorName, PostPage
from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed_post():
    desk = author_named("Desk", "desk")
    AuthorName.objects.create(author=desk, language="ar", name="المكتب")
    english = make_post(
        title="Release Nadia Karam", date=datetime(2021, 3, 2, 9, tzinfo=UTC),
        tags=[tag_named("detention"), tag_named("Arbitrary arrest")], category=category("en", "statement"),
        authors=[author_named("Legal unit", "legal-unit"), desk], slug="release-nadia",
    )
    english.other_categories.set([category("en", "report"), category("en", "news")])
    english.save()
    arabic = make_post("ar", "أطلقوا سراح نادية كرم", date=english.date, translation_of=english, slug="نادية-كرم",
                       authors=[desk], tags=[tag_named("احتجاز", language="ar")])
    return english, arabic


def filing_read_with(post, now=None):
    """The filing read in the post page's one statement (``archives.views._listed_post``)."""
    found, beside = _listed_post.first_and_beside(language=post.locale.language_code, slug=post.slug,
                                                  now=now or timezone.now())
    assert found.pk == post.pk
    return filing_of_column(beside[-1], post.pk)


def test_the_filing_read_with_the_post_is_the_one_read_apart(filed_post):
    for post in filed_post:
        post = PostPage.objects.get(pk=post.pk)
        read_together = filing_read_with(post)
        assert read_together == filing_of(post)
        assert read_together.authors and read_together.tags and read_together.translations


def test_the_page_shows_it_in_either_language(client, filed_post):
    english, arabic = filed_post
    page = client.get(english.reader_path()).content.decode()
    for shown in ("Legal unit", "Desk", "Arbitrary arrest", "/en/category/news/", arabic.reader_path()):
        assert shown in page
    page = client.get(arabic.reader_path()).content.decode()
    assert "المكتب" in page and english.reader_path() in page


def test_a_translation_readers_may_not_see_yet_is_not_linked_until_its_date(time_machine, filed_post):
    english, arabic = filed_post
    time_machine.move_to(timezone.now())
    # The translation embargoed until tomorrow.
    PostPage.objects.filter(pk=arabic.pk).update(date=timezone.now() + timedelta(days=1))
    post = PostPage.objects.get(pk=english.pk)
    assert filing_read_with(post).translations == []
    assert filing_read_with(post, timezone.now() + timedelta(days=2)).translations == [("ar", arabic.reader_path())]
    PostPage.objects.filter(pk=arabic.pk).update(live=False)
    assert filing_read_with(post, timezone.now() + timedelta(days=2)).translations == []


def test_a_password_protected_translation_is_not_linked(client, filed_post):
    english, arabic = filed_post
    PageViewRestriction.objects.create(page=arabic, restriction_type="password", password="secret")
    post = PostPage.objects.get(pk=english.pk)
    assert filing_read_with(post).translations == []
    assert arabic.reader_path() not in client.get(english.reader_path()).content.decode()


def test_a_post_with_nothing_filed_reads_an_empty_filing():
    post = make_post(title="Alone")
    assert filing_read_with(post) == Filing([], [], [], [])
