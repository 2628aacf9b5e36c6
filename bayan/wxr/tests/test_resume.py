"""A stopped import is continued by the next run of the same files: nothing twice, nothing lost, same claims.

(A kill, which leaves no chance to tidy up, is tested in a process of its own: test_killed_import.py.)
"""

import pytest
from wagtail.contrib.redirects.models import Redirect

from bayan.newsroom.models import PostPage
from bayan.wxr import importer
from bayan.wxr.importer import Importer, import_files
from bayan.wxr.models import ImportedItem

from .helpers import item, wxr

pytestmark = pytest.mark.django_db


def run_state():
    return ImportedItem.objects.get(kind="run").data["state"]


@pytest.fixture
def stopped_after_one_batch(tmp_path, monkeypatch):
    """An export of three posts, imported in batches of one and stopped by Ctrl-C after the first batch."""
    first = item(1, "First", slug="first")
    # The third item's old link is the first one's address: the first to claim it keeps it.
    third = item(3, "Third", slug="third").replace("/2017/09/third/", "/2017/09/first/")
    path = wxr(tmp_path, first, item(2, "Second", slug="second"), third)
    flush = Importer.flush

    def interrupted(self):
        if self.batches_committed == 1 and self.pending:
            raise KeyboardInterrupt
        flush(self)

    monkeypatch.setattr(importer, "BATCH", 1)
    monkeypatch.setattr(Importer, "flush", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_files([path])
    monkeypatch.setattr(Importer, "flush", flush)
    return path


def test_an_orderly_stop_is_marked_and_the_next_run_continues_it(stopped_after_one_batch):
    assert run_state() == "stopped"
    assert list(PostPage.objects.values_list("slug", flat=True)) == ["first"]
    report = import_files([stopped_after_one_batch])
    assert report.resumed and not report.incomplete
    assert dict(report.counts["post"]) == {"unchanged": 1, "created": 2}
    assert run_state() == "finished"
    assert sorted(PostPage.objects.values_list("slug", flat=True)) == ["first", "second", "third"]
    # As in one uninterrupted run, the address both items claim leads to the first of them.
    assert Redirect.objects.get(old_path="/2017/09/first").redirect_page.specific.slug == "first"
    assert any("belongs to two items" in problem for problem in report.problems)
    assert not import_files([stopped_after_one_batch]).resumed


def test_a_dry_run_says_an_earlier_import_did_not_finish(stopped_after_one_batch):
    report = import_files([stopped_after_one_batch], dry_run=True)
    assert any("stopped before it finished" in problem for problem in report.problems)
    assert run_state() == "stopped"


def test_a_run_that_finds_a_killed_one_announces_what_the_killed_one_wrote(tmp_path, monkeypatch):
    path = wxr(tmp_path, item(1, "First", slug="first"), item(2, "Second", slug="second"))
    import_files([path])
    # As a kill leaves it: still "running".
    ImportedItem.objects.filter(kind="run").update(data={**ImportedItem.objects.get(kind="run").data,
                                                         "state": "running"})
    announced = []
    from bayan.newsroom.signals import posts_changed

    def listen(sender, post_ids=(), **kwargs):
        announced.extend(post_ids)

    posts_changed.connect(listen)
    try:
        report = import_files([path])
    finally:
        posts_changed.disconnect(listen)
    assert report.resumed and dict(report.counts["post"]) == {"unchanged": 2}
    assert sorted(announced) == sorted(PostPage.objects.values_list("pk", flat=True))
    assert run_state() == "finished"
