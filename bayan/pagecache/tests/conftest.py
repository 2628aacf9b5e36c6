"""The page cache's tests run with it on, each with an empty store, and commit their changes as requests do."""

import pytest
from django.db import connection

from bayan.pagecache.middleware import page_store
from bayan.pagecache.models import ContentGeneration


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    yield
    page_store.cache_clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (what a real request or command does)."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = change(*args, **kwargs)
        # A real commit empties the list of pending callbacks; the test's outer transaction does not.
        connection.run_on_commit.clear()
        return result

    return run


@pytest.fixture
def generation_token():
    """The current generation's token (None before the first one)."""

    def read():
        return ContentGeneration.objects.filter(pk=1).values_list("token", flat=True).first()

    return read
