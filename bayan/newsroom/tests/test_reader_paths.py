import pytest

from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, slug", [("en", "free-them"), ("ar", "أطلقوا-سراحهم")])
def test_a_posts_reader_path_is_the_address_wagtail_serves_it_at(client, language, slug):
    post = make_post(language, "Title", slug=slug)
    assert post.reader_path() == post.url
    assert client.get(post.reader_path()).status_code == 200


def test_a_categorys_reader_path_is_its_archive(client):
    statement = category("ar", "بيان")
    make_post("ar", "بيان", category=statement)
    assert client.get(statement.reader_path()).status_code == 200
