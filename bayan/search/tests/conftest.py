import pytest


@pytest.fixture(autouse=True)
def index_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: index when the commit would have come.

    ``test_indexing_waits_for_the_commit`` checks the real deferral.
    """
    from bayan.search import indexing

    monkeypatch.setattr(indexing._pending, "defer", lambda callback: callback())
