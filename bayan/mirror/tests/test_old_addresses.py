"""The copy leads on from the old addresses the site redirects: a page at each that sends the browser on."""

import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from multiprocessing import get_context
from urllib.parse import unquote

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from bayan.mirror import parallel
from bayan.mirror.export import Options, export
from bayan.mirror.folder import MirrorFolder, digest
from bayan.mirror.moved import Moved, file_of_old_address, page_leading_on
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


@pytest.fixture
def run(key_pair):
    def run(folder, **options):
        return export(folder, Options("https://copy.example.org", key_pair[1], **options))
    return run


def kept_old_addresses(post):
    Redirect.objects.create(old_path=f"/2017/09/{post.slug}", redirect_page=post)
    Redirect.objects.create(old_path=f"/?p={post.pk}", redirect_page=post)


def leads_to(folder, name):
    """Where the page at ``name`` sends the browser, as a file of the copy, or None when it is no such page."""
    path = folder / name
    if not path.is_file():
        return None
    found = REFRESH.search(path.read_text(encoding="utf-8"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(found[1]))) if found else None


def test_an_old_address_of_a_post_leads_to_the_posts_file_from_any_host_and_the_disk(tmp_path, run, key_pair,
                                                                                      seen_file):
    post = make_post(slug="free-the-journalists", tags=["detention"])
    kept_old_addresses(post)
    Redirect.objects.create(old_path="/tag/detention", redirect_link="/en/tag/detention/")
    run(tmp_path)

    page = (tmp_path / "2017/09/free-the-journalists/index.html").read_text(encoding="utf-8")
    assert leads_to(tmp_path, "2017/09/free-the-journalists/index.html") == "en/free-the-journalists/index.html"
    assert '<link rel="canonical" href="https://copy.example.org/en/free-the-journalists/">' in page
    assert '<a href="../../../en/free-the-journalists/index.html">' in page
    assert '<html lang="en" dir="ltr">' in page and 'name="robots" content="noindex"' in page
    assert leads_to(tmp_path, "tag/detention/index.html") == "en/tag/detention/index.html"
    manifest = (tmp_path / "SHA256SUMS").read_text(encoding="utf-8")
    assert "2017/09/free-the-journalists/index.html" in manifest and "tag/detention/index.html" in manifest
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed


def test_an_arabic_posts_old_address_speaks_arabic_right_to_left(tmp_path, run):
    post = make_post("ar", "بيان عن الصحفيين المعتقلين", slug="بيان-الصحفيين")
    Redirect.objects.create(old_path="/بيان-قديم", redirect_page=post)
    run(tmp_path)
    page = (tmp_path / "بيان-قديم/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert leads_to(tmp_path, "بيان-قديم/index.html") == "ar/بيان-الصحفيين/index.html"
    assert "<title>نُقلت هذه الصفحة</title>" in page and "<p>أصبحت هنا: <a" in page


def test_what_a_file_cannot_answer_or_readers_may_not_follow_gets_no_page(tmp_path, run):
    shown = make_post(slug="shown-post", tags=["detention"])
    scheduled = make_post(slug="scheduled-post", days_ago=-3)
    kept_old_addresses(scheduled)
    # A page of the copy stands at the old address: the site answers with the page, never the redirect.
    Redirect.objects.create(old_path="/en/tag/detention", redirect_page=shown)
    Redirect.objects.create(old_path="/en/tag/detention/feed", redirect_page=shown)
    Redirect.objects.create(old_path="/tag/emptied", redirect_link="/en/tag/no-posts-here/")
    Redirect.objects.create(old_path="/../outside", redirect_page=shown)
    run(tmp_path)

    assert not (tmp_path / "2017/09/scheduled-post").exists()
    assert "scheduled-post" not in (tmp_path / "SHA256SUMS").read_text(encoding="utf-8")
    assert leads_to(tmp_path, "en/tag/detention/index.html") is None  # the tag's own page
    assert (tmp_path / "en/tag/detention/feed/index.xml").is_file()
    assert not (tmp_path / "en/tag/detention/feed/index.html").exists()  # a host would serve it for the feed
    assert not (tmp_path / "tag/emptied").exists()
    assert not (tmp_path.parent / "outside").exists()
    assert not list(tmp_path.glob("*.html"))


def test_the_copy_follows_its_posts_the_page_at_an_old_address_comes_and_goes_with_the_post(tmp_path, run,
                                                                                            key_pair, seen_file):
    post = make_post(slug="withdrawn-later")
    scheduled = make_post(slug="due-soon", days_ago=-1)
    kept_old_addresses(post)
    kept_old_addresses(scheduled)
    run(tmp_path)
    assert leads_to(tmp_path, "2017/09/withdrawn-later/index.html") == "en/withdrawn-later/index.html"
    assert not (tmp_path / "2017/09/due-soon").exists()

    post.unpublish()
    outcome = run(tmp_path)
    assert not outcome.full_reason  # a sync of what changed, not a full render
    assert not (tmp_path / "2017/09/withdrawn-later").exists()
    assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        run(tmp_path)
        assert leads_to(tmp_path, "2017/09/due-soon/index.html") == "en/due-soon/index.html"
        assert verify(tmp_path, key_pair[0], seen_file=seen_file).passed


@pytest.mark.parametrize(("old_path", "name"), [
    ("/2017/09/free", "2017/09/free/index.html"),
    ("/archives/123.html", "archives/123.html"),
    ("/%D8%A8%D9%8A%D8%A7%D9%86", "بيان/index.html"),
    ("/", None), ("/a/../b", None), ("/a//b", None), ("/a\\b", None), ("/a%00b", None),
])
def test_an_old_address_becomes_a_file_below_the_copys_root_or_none(old_path, name):
    assert file_of_old_address(old_path) == name


def test_a_link_to_an_old_address_in_a_posts_text_leads_on_from_the_copy_too(tmp_path, run):
    older = make_post(slug="older-statement")
    Redirect.objects.create(old_path="/2016/05/older-statement", redirect_page=older)
    Redirect.objects.create(old_path="/tag/detention/feed", redirect_link="/en/tag/detention/feed/")
    make_post(slug="citing-post", tags=["detention"],
              body='<p>As we said <a href="/2016/05/older-statement/">then</a>; '
                   '<a href="/tag/detention/feed/">feed</a></p>')
    outcome = run(tmp_path)

    assert not [address for address, _status in outcome.refused if "older-statement" in address]
    assert 'href="../../2016/05/older-statement/index.html"' in (tmp_path / "en/citing-post/index.html").read_text()
    assert leads_to(tmp_path, "2016/05/older-statement/index.html") == "en/older-statement/index.html"
    # An old feed address's page is index.html, where a link to a feed's folder would look for index.xml: such a
    # link stays with the live site, while a host asked for the folder serves the page that leads on.
    live_feed_link = f'href="{settings.BASE_URL.rstrip("/")}/tag/detention/feed/"'
    assert live_feed_link in (tmp_path / "en/citing-post/index.html").read_text()
    assert leads_to(tmp_path, "tag/detention/feed/index.html") == "en/tag/detention/feed/index.xml"


def test_links_to_old_addresses_and_pages_without_their_final_slash_lead_on_from_the_copy(tmp_path, run):
    older = make_post(slug="older-statement", tags=["detention"])
    Redirect.objects.create(old_path="/2016/05/older-statement", redirect_page=older)
    make_post(slug="citing-post", body='<p><a href="/2016/05/older-statement">then</a>, '
                                       '<a href="/en/older-statement">now</a>, <a href="/en/tag/detention">tag</a></p>')
    outcome = run(tmp_path)

    assert not [address for address, _status in outcome.refused if "older-statement" in address]
    page = (tmp_path / "en/citing-post/index.html").read_text(encoding="utf-8")
    assert 'href="../../2016/05/older-statement/index.html"' in page
    assert 'href="../older-statement/index.html"' in page and 'href="../tag/detention/index.html"' in page
    assert leads_to(tmp_path, "2016/05/older-statement/index.html") == "en/older-statement/index.html"


def test_a_sync_keeps_the_page_at_an_old_address_that_a_page_it_rendered_links(tmp_path, run):
    due = make_post(slug="due-within-the-hour", date=timezone.now() + timedelta(hours=1))
    Redirect.objects.create(old_path="/2016/05/due-within-the-hour", redirect_page=due)
    run(tmp_path)
    make_post(slug="citing-later", body='<p>See <a href="/2016/05/due-within-the-hour/">the statement</a>.</p>')
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        outcome = run(tmp_path)
    assert not outcome.full_reason
    assert leads_to(tmp_path, "2016/05/due-within-the-hour/index.html") == "en/due-within-the-hour/index.html"


def test_pages_at_old_addresses_written_by_worker_processes_are_those_one_process_writes(tmp_path):
    pages = [Moved(f"{year}/09/statement-{number}/index.html", f"/en/statement-{number}/", number)
             for year in (2016, 2017) for number in range(40)]
    pages.append(Moved("old/page.html", "https://elsewhere.example.org/", None))
    live, copy = "https://live.example.org", "https://copy.example.org"
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        written = parallel.written_leading_on(pool, pages, live, copy, MirrorFolder(tmp_path, in_place=True))

    assert len(written) == len(pages) and all(changed for _name, _digest, changed in written)
    for (name, file_digest, _changed), moved in zip(written, pages, strict=True):
        expected = page_leading_on(moved, live, copy)
        assert name == moved.file
        assert (tmp_path / name).read_bytes() == expected and file_digest == digest(expected)
