"""With the page cache on, the header shows the organisation's new name on the very next request after an edit."""

import pytest

from bayan.identity.tests.factories import make_identity
from bayan.pagecache.middleware import page_store
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


def test_renaming_the_organisation_starts_a_new_generation_and_the_header_follows(
        client, settings):
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()

    identity = committed(make_identity)
    assert "Watch Centre" in client.get("/en/").content.decode()
    assert client.get("/en/")["X-Bayan-Cache"] == "hit"
    text = identity.texts.get(language="en")
    text.name = "Renamed Centre"
    committed(text.save)
    page = client.get("/en/")
    assert "Renamed Centre" in page.content.decode() and page["X-Bayan-Cache"] == "miss"
    page_store.cache_clear()
