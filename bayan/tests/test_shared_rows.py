"""Rows kept for a module's tests: every test starts from them as written, whatever the test before it did."""

import pytest

from bayan.newsroom.models import PostPage
from bayan.newsroom.tests.factories import make_post
from bayan.tests.shared_rows import kept_for_the_module

# One worker, in order: the second turn runs after the first changed the rows.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("shared-rows")]


@pytest.fixture(scope="module")
def shared_post(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield make_post(title="Shared headline")


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_starts_from_the_rows_as_written(shared_post, turn):
    assert list(PostPage.objects.values_list("pk", "title")) == [(shared_post.pk, "Shared headline")]
    PostPage.objects.filter(pk=shared_post.pk).update(title=f"Changed in turn {turn}")
    make_post(title=f"Written in turn {turn}")
    assert PostPage.objects.count() == 2
