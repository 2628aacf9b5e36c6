from datetime import UTC, datetime, timedelta

import pytest

from bayan.newsroom.models import PostPage

# A new page asks for the default language, which is stored in the database.
pytestmark = pytest.mark.django_db


def test_listing_fields_use_the_hand_written_excerpt_when_there_is_one():
    post = PostPage(title="A title of exactly eight words, no more", body="<p>Body words</p>", excerpt=" Written. ")
    post.refresh_listing_fields()
    assert post.listing_title == "A title of exactly eight words, no more"
    assert post.listing_excerpt == "Written."


def test_listing_excerpt_falls_back_to_the_opening_words_of_the_body():
    post = PostPage(title="T", body="<p>" + " ".join(f"w{n}" for n in range(40)) + "</p>")
    post.refresh_listing_fields()
    assert post.listing_excerpt == " ".join(f"w{n}" for n in range(30)) + "..."


def test_a_scheduled_post_is_dated_when_it_goes_live():
    go_live = datetime(2030, 1, 2, 9, tzinfo=UTC)
    post = PostPage(title="T", date=go_live - timedelta(days=3), go_live_at=go_live)
    post.date_from_schedule()
    assert post.date == go_live


def test_a_post_dated_after_its_schedule_keeps_its_date():
    go_live = datetime(2030, 1, 2, 9, tzinfo=UTC)
    post = PostPage(title="T", date=go_live + timedelta(days=3), go_live_at=go_live)
    post.date_from_schedule()
    assert post.date == go_live + timedelta(days=3)
