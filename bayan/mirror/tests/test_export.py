"""`export`: every public page at its address, links that work from any host or the disk, nothing hidden."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bayan.mirror.export import Options, export
from bayan.mirror.folder import MANIFEST, SIGNATURE, STATE, MirrorError
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

BASE = "https://copy.example.org"


@pytest.fixture
def run(key_pair):
    def run(folder):
        return export(folder, Options(BASE, key_pair[1]))
    return run


def read(folder, name):
    return (folder / name).read_text(encoding="utf-8")


def test_pages_archives_feeds_and_the_not_found_pages_are_files_at_their_addresses(tmp_path, run):
    post = make_post(title="A fictional arrest in the north", slug="fictional-arrest", tags=["detention"])
    outcome = run(tmp_path)
    for name in ("en/index.html", "en/fictional-arrest/index.html", "en/tag/detention/index.html",
                 "en/feed/index.xml", "en/tag/detention/feed/atom/index.xml", "en/404.html", "ar/404.html",
                 "sitemap.xml", "robots.txt", MANIFEST, SIGNATURE, STATE):
        assert (tmp_path / name).is_file(), name
    assert "A fictional arrest in the north" in read(tmp_path, "en/fictional-arrest/index.html")
    assert f"{BASE}{post.reader_path()}" in read(tmp_path, "sitemap-posts-en.xml")
    assert outcome.refused == [] and outcome.written == outcome.files


def test_links_are_relative_and_end_in_index_html_or_go_to_the_live_site(tmp_path, run):
    make_post(slug="first-of-two", tags=["detention"])
    run(tmp_path)
    page = read(tmp_path, "en/tag/detention/index.html")
    assert 'href="../../first-of-two/index.html"' in page
    assert 'href="../../../static/bayan/' in page  # the style sheet, copied
    assert ' href="/' not in page and ' src="/' not in page
    stylesheet = next((tmp_path / "static" / "bayan").glob("site*.css"))
    assert stylesheet.stat().st_size > 1000
    # The header's search goes to the copy's own search page, which searches in the browser.
    assert 'action="../../search/index.html"' in page
    search = read(tmp_path, "en/search/index.html")
    assert 'src="../../static/mirror/search.js"' in search or "static/mirror/search" in search
    assert (tmp_path / "en" / "search" / "index" / "root.js").is_file()


def test_pages_of_a_long_archive_are_all_there(tmp_path, run, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    for _ in range(5):
        make_post(tags=["detention"])
    run(tmp_path)
    assert (tmp_path / "en/tag/detention/page/3/index.html").is_file()
    assert not (tmp_path / "en/tag/detention/page/4").exists()


def test_drafts_scheduled_and_restricted_posts_are_not_in_the_copy(tmp_path, run):
    make_post(slug="draft-post", live=False)
    make_post(slug="scheduled-post", date=timezone.now() + timedelta(days=3))
    run(tmp_path)
    names = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")}
    assert not any("draft-post" in name or "scheduled-post" in name for name in names)
    assert not any("draft-post" in read(tmp_path, name) for name in ("sitemap-posts-en.xml", "en/index.html"))


def test_a_folder_that_is_not_a_mirror_is_refused_and_left_alone(tmp_path, run):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(MirrorError, match="not empty and holds no mirror"):
        run(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_a_folder_that_cannot_be_written_is_named(tmp_path, run):
    # Under a file, so that even root cannot make it (the tests may run as root, whom modes do not stop).
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(MirrorError, match="a-file/mirror cannot be written"):
        run(tmp_path / "a-file" / "mirror")


def test_the_not_found_pages_link_to_the_copys_own_address_from_any_depth(tmp_path, run):
    make_post(slug="shown-anywhere")
    run(tmp_path)
    page = read(tmp_path, "en/404.html")
    assert f'href="{BASE}/en/index.html"' in page
    assert f'href="{BASE}/static/bayan/' in page
    assert 'href="../' not in page and ' href="/' not in page


def test_the_language_switcher_leads_to_the_other_language_in_the_copy(tmp_path, run, settings):
    english = make_post(slug="switched-post")
    make_post("ar", "منشور مترجم", slug="منشور-مترجم", translation_of=english, date=english.date)
    run(tmp_path)
    arabic_post = "../../ar/%D9%85%D9%86%D8%B4%D9%88%D8%B1-%D9%85%D8%AA%D8%B1%D8%AC%D9%85/index.html"
    for name, other in (("en/index.html", "../ar/index.html"), ("ar/index.html", "../en/index.html"),
                        ("en/switched-post/index.html", arabic_post)):
        page = read(tmp_path, name)
        assert f'href="{other}"' in page, name
        assert settings.BASE_URL not in page.split("<footer")[0].split("<main")[0], name


def test_an_export_leaves_the_readers_page_cache_as_it_was(tmp_path, run, settings):
    from bayan.pagecache.middleware import page_store

    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    make_post(tags=["detention"])
    run(tmp_path)
    # Pages drawn once for files would only push readers' pages out of the store.
    assert len(page_store()) == 0
    page_store.cache_clear()
