"""A full export builds the search index beside the pages; when a post's page fails, the index is built again
without that post, and the files only the first index had are not left in the copy."""

from concurrent.futures import Future
from contextlib import contextmanager

import pytest

from bayan.mirror import parallel
from bayan.mirror.export import Options, export
from bayan.mirror.search_index import INDEX_FOLDER, index_files
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


def built_beforehand(asked):
    """``parallel.meanwhile`` without the fork (the tests' database is in memory): the index is built and written
    first, as the helper process would, and handed back the same way; the posts it was asked for kept in
    ``asked``."""
    @contextmanager
    def meanwhile(function, *arguments):
        asked.extend(arguments[-1])
        future = Future()
        future.set_result(function(*arguments))
        yield future
    return meanwhile


def failing_for(address, rendered_page):
    def render(renderer, asked, live_url, optional=False):
        if asked == address:
            return parallel.PageResult(asked, 500, b"", ())
        return rendered_page(renderer, asked, live_url, optional)
    return render


def test_a_post_whose_page_failed_is_left_out_of_the_index_built_beside_the_pages(tmp_path, key_pair, seen_file,
                                                                                 monkeypatch):
    with as_committed():  # the search documents are written once the posts' transaction commits
        kept = make_post(slug="kept-post", body="<p>Kept words about detention.</p>")
        # The only Arabic post: the first index has files for Arabic words that the one built again lacks.
        failed = make_post("ar", "إضراب عن الطعام", slug="failed-post", body="<p>إضراب المعتقلين عن الطعام.</p>")
    first_index = []
    monkeypatch.setattr(parallel, "meanwhile", built_beforehand(first_index))
    monkeypatch.setattr(parallel, "rendered_page", failing_for(failed.url, parallel.rendered_page))

    outcome = export(tmp_path, Options("https://copy.example.org", key_pair[1], processes=2))

    assert sorted(first_index) == sorted([kept.pk, failed.pk])  # the index built beside the pages had both
    assert (failed.url, 500) in outcome.refused
    assert not (tmp_path / "ar/failed-post").exists()
    expected = index_files(tmp_path, [kept.pk])
    written = {path.relative_to(tmp_path).as_posix() for path in tmp_path.glob(f"*/{INDEX_FOLDER}/**/*")
               if path.is_file()}
    assert written == set(expected)
    assert all((tmp_path / name).read_bytes() == data for name, data in expected.items())
    assert set(index_files(tmp_path, [kept.pk, failed.pk])) > set(expected)  # the first index had more files
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed
