import pytest

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_a_tag_named_on_a_post_is_found_or_made_in_the_posts_language():
    english = make_post("en", "Statement", tags=["detention"])
    arabic = make_post("ar", "بيان", tags=["detention"])
    assert [tag.locale.language_code for tag in english.tags.all()] == ["en"]
    assert [tag.locale.language_code for tag in arabic.tags.all()] == ["ar"]
    assert english.tags.get().pk != arabic.tags.get().pk


def test_a_post_refuses_a_tag_of_another_language():
    with pytest.raises(ValueError, match="detention"):
        make_post("ar", "بيان", tags=[tag_named("detention")])
