"""Running the export again on a mirror: only changed files rewritten, gone pages removed, signed anew."""

import os
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from bayan.mirror.changes import visible_posts
from bayan.mirror.export import Options, export
from bayan.mirror.search_index import INDEX_FOLDER, LanguageIndex, documents, script_arguments, starts_file
from bayan.mirror.tests.index_layout import built_as_patched
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import as_committed

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


def assert_synced_as_fresh(synced, fresh):
    """Every file of the synced copy is the fresh export's, its search index weighed as a sync weighs it.

    A sync keeps the column lengths and the files' cuts of the index's last full build (see
    ``index_layout``), so its index is compared with a fresh build at those lengths and cuts.
    """
    in_index = f"/{INDEX_FOLDER}/"
    synced_files, fresh_files = files_of(synced), files_of(fresh)
    assert ({name: data for name, data in synced_files.items() if in_index not in name}
            == {name: data for name, data in fresh_files.items() if in_index not in name})
    written = documents([int(post_id) for post_id in visible_posts()])
    for language, _name in settings.LANGUAGES:
        expected = built_as_patched(synced, language, written[language])
        prefix = f"{language}/{INDEX_FOLDER}/"
        assert {name[len(prefix):]: data for name, data in synced_files.items() if name.startswith(prefix)} == expected


def test_a_sync_after_posts_come_edit_and_go_equals_a_fresh_export(tmp_path, run, key_pair, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    with as_committed():
        posts = [make_post(tags=["detention"], days_ago=days) for days in range(1, 6)]
        make_post(language="ar", tags=["اعتقال"], days_ago=6)
        make_post(slug="a-month-earlier", days_ago=40)  # its month's pages list the same post after the changes
    synced = tmp_path / "synced"
    run(synced)
    # As committed: what is held per content generation follows (the tests' transaction never commits).
    with as_committed():
        make_post(tags=["detention"], slug="the-newest-one", days_ago=0)  # shifts every page of the tag and the home
        # A month of its own: every date archive's links to the others change (its year's count, its neighbours).
        make_post(tags=["detention"], slug="in-a-month-of-its-own", days_ago=100)
        posts[2].title = "An edited title in the middle of the tag"
        posts[2].save_revision().publish()
        posts[4].unpublish()
    outcome = export(synced, Options("https://copy.example.org", key_pair[1]))
    assert outcome.full_reason == ""  # brought up to date, not rendered again whole
    fresh = tmp_path / "fresh"
    run(fresh)
    assert_synced_as_fresh(synced, fresh)


def test_a_word_a_full_build_would_start_a_file_with_goes_into_the_file_the_sync_keeps(tmp_path, run, key_pair):
    with as_committed():
        make_post(title="A statement about detained journalists", days_ago=3)
    run(tmp_path)
    # Numbers are terms as written; this one is where a full build starts a terms file (its hash says so).
    number = next(str(candidate) for candidate in range(90_000, 100_000) if starts_file(str(candidate)))
    with as_committed():
        make_post(title=f"Statement {number} on the detained journalists", days_ago=1)
    outcome = export(tmp_path, Options("https://copy.example.org", key_pair[1]))
    assert outcome.full_reason == ""
    written = documents([int(post_id) for post_id in visible_posts()])["en"]
    lengths = LanguageIndex.read(tmp_path, "en").lengths
    synced = {path.name: path.read_bytes() for path in (tmp_path / "en" / INDEX_FOLDER).iterdir()}
    # The sync kept the last full build's cuts, so its index is not what a full build would cut now...
    assert synced != LanguageIndex.build("en", written, lengths).files()
    # ...but it is that build cut where the sync kept its files, byte for byte.
    assert synced == built_as_patched(tmp_path, "en", written)
    assert any(number in script_arguments(data, "terms")[2] for name, data in synced.items() if name.startswith("t"))


def test_a_site_wide_change_renders_everything_again(tmp_path, run):
    from bayan.navigation.models import Menu

    make_post()
    run(tmp_path)
    Menu.objects.create(language="en", place=Menu.FOOTER)
    assert "site-wide change: navigation.menu" in run(tmp_path).full_reason


def test_a_mirror_older_than_the_change_log_kept_is_rendered_whole(tmp_path, run):
    from bayan.api.announced import announce_new_entries
    from bayan.pagecache import changelog
    from bayan.pagecache.models import ContentChange

    make_post(slug="before-the-pruning")
    run(tmp_path)
    # Changes the log no longer holds once pruned: the mirror cannot tell what they were.
    make_post(slug="written-then-pruned")
    make_post(slug="the-newest-one")
    ContentChange.objects.update(at=timezone.now() - timedelta(days=365))
    announce_new_entries()
    assert changelog.prune(timezone.now() - timedelta(days=90))
    outcome = run(tmp_path)
    assert outcome.full_reason == "the change log no longer reaches back to the mirror's last run"
    assert (tmp_path / "en/written-then-pruned/index.html").is_file()


def test_a_pruning_while_a_sync_reads_the_log_renders_the_mirror_whole(tmp_path, run, monkeypatch):
    from bayan.api.announced import announce_new_entries
    from bayan.mirror import planning
    from bayan.pagecache import changelog
    from bayan.pagecache.models import ContentChange

    make_post(slug="before-the-pruning")
    run(tmp_path)
    make_post(slug="written-then-pruned")
    make_post(slug="the-newest-one")
    announce_new_entries()
    read_log = planning.read_log

    def read_while_pruning(*args):
        ContentChange.objects.update(at=timezone.now() - timedelta(days=365))
        changelog.prune(timezone.now() - timedelta(days=90))
        return read_log(*args)

    monkeypatch.setattr(planning, "read_log", read_while_pruning)
    assert run(tmp_path).full_reason == "the change log no longer reaches back to the mirror's last run"


def test_every_sitemap_page_is_copied_and_an_edit_rewrites_only_the_page_mapping_the_post(
        tmp_path, run, key_pair, seen_file, monkeypatch):
    from bayan.archives.sitemaps import PostSitemap

    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [make_post(slug=f"mapped-{number}") for number in range(5)]
    run(tmp_path)
    pages = ["sitemap-posts-en.xml", "sitemap-posts-en-page-2.xml", "sitemap-posts-en-page-3.xml"]
    for name in pages:
        assert (tmp_path / name).is_file()
        stamp(tmp_path / name)
    index = (tmp_path / "sitemap.xml").read_text()
    assert all(f"https://copy.example.org/{name}" in index for name in pages)
    # The oldest post (made last) is on the first page; its new address is what that page maps.
    posts[-1].slug = "mapped-renamed"
    posts[-1].save_revision().publish()
    run(tmp_path)
    assert "/en/mapped-renamed/" in (tmp_path / pages[0]).read_text()
    assert [(tmp_path / name).stat().st_mtime for name in pages[1:]] == [1_000_000_000] * 2
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed


def test_an_archive_coming_into_a_language_changes_the_language_switcher_of_its_counterparts(
        tmp_path, run, key_pair):
    with as_committed():
        make_post(language="ar", days_ago=40)
        make_post(language="en", days_ago=2)
    synced = tmp_path / "synced"
    run(synced)
    month = timezone.localtime(timezone.now() - timedelta(days=40)).strftime("%Y/%m")
    assert f'href="../../../en/{month}/index.html"' not in (synced / f"ar/{month}/index.html").read_text()
    with as_committed():
        make_post(language="en", days_ago=40)  # the same month now has an English archive
    export(synced, Options("https://copy.example.org", key_pair[1]))
    assert f'href="../../../en/{month}/index.html"' in (synced / f"ar/{month}/index.html").read_text()
    fresh = tmp_path / "fresh"
    run(fresh)
    assert_synced_as_fresh(synced, fresh)


def test_a_sync_defers_garbage_collection_and_leaves_it_as_it_found_it(tmp_path, run, monkeypatch):
    import gc

    import bayan.mirror.export as exporting

    make_post(slug="collected")
    run(tmp_path)
    seen = []
    real_run = exporting._run

    def watched(*args):
        seen.append(gc.isenabled())
        return real_run(*args)

    monkeypatch.setattr(exporting, "_run", watched)
    make_post(slug="another")
    run(tmp_path)  # a sync: collection waits
    run(tmp_path / "fresh")  # a full export: collection goes on
    assert seen == [False, True]
    assert gc.isenabled()
