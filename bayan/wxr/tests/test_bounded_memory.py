"""What the importer remembers during a run stays small: ids as bits, slugs and address claims per batch."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from bayan.newsroom.models import PostPage
from bayan.wxr import importer
from bayan.wxr.importer import SeenIds, import_files

from .helpers import item, wxr


def test_seen_ids_count_repeats_of_numeric_and_other_ids():
    seen = SeenIds()
    assert [seen.count(("post", "7")), seen.count(("post", "7")), seen.count(("post", "7"))] == [1, 2, 3]
    assert seen.count(("page", "7")) == 1
    assert seen.count(("post", "123456789012")) == 1
    assert seen.count(("post", "123456789012")) == 2
    assert seen.count(("post", "x1")) == 1
    assert seen.count(("post", "8")) == 1
    assert sum(len(bits) for bits in seen.bits.values()) < 3000


@pytest.mark.django_db
def test_a_slug_taken_in_an_earlier_batch_gets_a_number(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)
    path = wxr(tmp_path, *(item(number, f"Statement {number}", slug="same-title") for number in range(1, 6)))
    import_files([path])
    slugs = sorted(PostPage.objects.values_list("slug", flat=True))
    assert slugs == ["same-title", "same-title-2", "same-title-3", "same-title-4", "same-title-5"]


@pytest.mark.django_db
def test_an_address_claimed_in_an_earlier_batch_keeps_leading_to_the_first_item(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 1)
    first = item(1, "First", slug="first", extra="")
    # A second item whose old link is the first one's address.
    second = item(2, "Second", slug="second").replace("/2017/09/second/", "/2017/09/first/")
    report = import_files([wxr(tmp_path, first, second)])
    redirect = Redirect.objects.get(old_path="/2017/09/first")
    assert redirect.redirect_page.specific.title == "First"
    assert any("belongs to two items" in problem for problem in report.problems)
