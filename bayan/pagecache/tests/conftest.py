"""The page cache's tests run with it on, each with an empty store, and commit their changes as requests do."""

import pytest

from bayan.pagecache.middleware import page_store
from bayan.pagecache.models import ContentGeneration
from bayan.tests import committing


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    yield
    page_store.cache_clear()


@pytest.fixture
def committed():
    """Run a change as if its transaction committed (what a real request or command does)."""
    return committing.committed


@pytest.fixture
def generation_token():
    """The current generation's token (None before the first one)."""

    def read():
        return ContentGeneration.objects.filter(pk=1).values_list("token", flat=True).first()

    return read
