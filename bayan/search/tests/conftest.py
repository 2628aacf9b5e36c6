import pytest


@pytest.fixture(autouse=True)
def index_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: index when the commit would have come.

    ``test_indexing_waits_for_the_commit`` checks the real deferral.
    """
    monkeypatch.setattr("bayan.search.indexing.on_commit", lambda callback, **kwargs: callback())
