"""No anonymous request can make the stored pages take more memory than their bound."""

import os

import pytest

from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.middleware import SEARCH_SHARE, page_store
from bayan.pagecache.store import BoundedStore, StoredPage


def page(size, kind="page"):
    """A stored page taking ``size`` bytes of the store (random bytes: gzip cannot shrink them)."""
    stored = StoredPage(200, [], os.urandom(size), kind)
    stored.size = size
    return stored


def test_the_least_recently_used_pages_make_room_for_new_ones():
    store = BoundedStore(max_bytes=10_000, max_item=5_000)
    for number in range(3):
        store.put("g", number, page(3_000))
    store.get("g", 0)
    store.put("g", 3, page(3_000))
    assert store.get("g", 1) is None
    assert store.get("g", 0) is not None and store.get("g", 3) is not None
    assert store.size <= 10_000


def test_a_page_larger_than_the_item_bound_is_not_stored():
    store = BoundedStore(max_bytes=100_000, max_item=5_000)
    assert store.put("g", "big", page(6_000)) is False
    assert store.put("g", "small", page(4_000)) is True
    assert len(store) == 1


def test_one_kind_of_page_keeps_within_its_share():
    store = BoundedStore(max_bytes=20_000, max_item=5_000, shares={"search": 0.25})
    store.put("g", "archive", page(4_000))
    for number in range(10):
        store.put("g", ("search", number), page(2_000, "search"))
    assert store.used["search"] <= 5_000
    assert store.get("g", "archive") is not None


def test_a_new_generation_frees_the_old_pages():
    store = BoundedStore(max_bytes=20_000, max_item=5_000)
    store.put("old", "a", page(4_000))
    store.put("new", "b", page(4_000))
    assert store.get("old", "a") is None
    assert (len(store), store.size) == (1, 4_000)


@pytest.mark.django_db
def test_a_61_kilobyte_query_cannot_grow_the_cache_past_its_bound(client, committed, settings):
    settings.BAYAN_PAGE_CACHE_MAX_BYTES = 1024 * 1024
    page_store.cache_clear()
    committed(make_post, title="اعتقال الصحفيين", language="ar")
    sizes = []
    for number in range(40):
        query = f"{number} " + "اعتقال الصحفيين " * 2100
        assert len(query.encode()) > 61_000
        response = client.get("/ar/search/", {"q": query})
        assert response.status_code == 200
        sizes.append(len(response.content))
    assert max(sizes) < 100_000
    store = page_store()
    assert store.size <= settings.BAYAN_PAGE_CACHE_MAX_BYTES
    assert store.used.get("search", 0) <= settings.BAYAN_PAGE_CACHE_MAX_BYTES * SEARCH_SHARE <= (
        settings.BAYAN_PAGE_CACHE_MAX_BYTES / 4)
