"""Running the export again on a mirror: only changed files rewritten, gone pages removed, signed anew."""

import os

import pytest

from bayan.mirror.export import Options, export
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(key_pair):
    def run(folder):
        return export(folder, Options("https://copy.example.org", key_pair[1]))
    return run


def stamp(path, moment=1_000_000_000):
    os.utime(path, (moment, moment))


def test_unchanged_files_keep_their_times_and_an_edit_rewrites_its_page(tmp_path, run, key_pair, seen_file):
    post = make_post(slug="edited-later", tags=["detention"])
    other = make_post(slug="left-alone")
    first = run(tmp_path)
    for name in ("en/edited-later/index.html", "en/left-alone/index.html"):
        stamp(tmp_path / name)
    post.title = "A title changed by an editor"
    post.save_revision().publish()
    second = run(tmp_path)
    assert second.sequence == first.sequence + 1
    assert (tmp_path / "en/left-alone/index.html").stat().st_mtime == 1_000_000_000
    assert "A title changed by an editor" in (tmp_path / "en/edited-later/index.html").read_text()
    assert second.written < first.written
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed
    assert other.pk


def test_an_unpublished_post_is_removed_from_the_copy_and_the_manifest(tmp_path, run, key_pair, seen_file):
    post = make_post(slug="withdrawn-post")
    run(tmp_path)
    assert (tmp_path / "en/withdrawn-post/index.html").is_file()
    post.unpublish()
    outcome = run(tmp_path)
    assert not (tmp_path / "en/withdrawn-post").exists()
    assert outcome.removed >= 1
    assert "withdrawn-post" not in (tmp_path / "SHA256SUMS").read_text()
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed


def files_of(folder):
    """Every file's bytes but the ones that say when and which run made them."""
    skipped = {"bayan-mirror.json", "SHA256SUMS", "SHA256SUMS.minisig"}
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*")
            if path.is_file() and path.name not in skipped}


def test_a_sync_after_posts_come_edit_and_go_equals_a_fresh_export(tmp_path, run, key_pair, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    posts = [make_post(tags=["detention"]) for _ in range(5)]
    make_post(language="ar", tags=["اعتقال"])
    synced = tmp_path / "synced"
    run(synced)
    # As committed: what is held per content generation follows (the tests' transaction never commits).
    with django_capture_on_commit_callbacks(execute=True):
        make_post(tags=["detention"], slug="the-newest-one")  # shifts every page of the tag and the home
        posts[2].title = "An edited title in the middle of the tag"
        posts[2].save_revision().publish()
        posts[4].unpublish()
    outcome = export(synced, Options("https://copy.example.org", key_pair[1]))
    assert outcome.full_reason == ""  # brought up to date, not rendered again whole
    fresh = tmp_path / "fresh"
    run(fresh)
    assert files_of(synced) == files_of(fresh)


def test_a_site_wide_change_renders_everything_again(tmp_path, run):
    from bayan.navigation.models import Menu

    make_post()
    run(tmp_path)
    Menu.objects.create(language="en", place=Menu.FOOTER)
    assert "site-wide change: navigation.menu" in run(tmp_path).full_reason
