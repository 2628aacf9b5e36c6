"""Every export in the shared WXR corpus imports, with the counts an independent parser finds in it."""

import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from wagtail.models import PageViewRestriction

from bayan.newsroom.models import PostPage, StandardPage
from bayan.wxr.importer import import_files
from bayan.wxr.models import ImportedComment, ImportedItem
from bayan.wxr.reader import WXRError

from .helpers import CORPUS, require_shared

pytestmark = pytest.mark.django_db

FILES = sorted(CORPUS.glob("*/*.xml")) if CORPUS.exists() else []
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}


def expected(path):
    """(posts, pages, attachments) an import should keep, counted with Python's own XML parser.

    Only fields in WordPress's export namespace count: an item whose ``wp:`` prefix is bound
    elsewhere (a hijacking attempt in one of the files) is not WordPress data.
    """
    counts = Counter()
    for item in ElementTree.parse(path).getroot().iter("item"):
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in item
                  if "wordpress.org/export/" in child.tag}
        kind, status = fields.get("post_type", "post"), fields.get("status", "publish")
        if not fields.get("post_id"):
            continue
        if kind == "attachment" or (kind in ("post", "page") and status not in SKIPPED_STATUSES):
            counts[kind] += 1
    return counts["post"], counts["page"], counts["attachment"]


def parses(path):
    try:
        ElementTree.parse(path)
        return True
    except ElementTree.ParseError:
        return False


@pytest.mark.parametrize("path", FILES or [CORPUS], ids=[f"{p.parent.name}/{p.name}" for p in FILES] or ["corpus"])
def test_each_corpus_file_imports_or_is_refused_with_its_line(path):
    if not FILES:
        require_shared(CORPUS)
    if not parses(path):
        # Refused with the file named, or (a file cut short, a namespace slip WordPress tolerates) imported.
        try:
            import_files([path])
        except WXRError as error:
            assert path.name in str(error)
        return
    try:
        import_files([path])
    except WXRError as error:
        assert "not a WordPress export" in str(error) or "declares" in str(error), error
        return
    posts, pages, attachments = expected(path)
    assert PostPage.objects.count() == posts
    assert StandardPage.objects.count() == pages
    assert ImportedItem.objects.filter(kind="attachment").count() == attachments
    again = import_files([path])
    assert again.counts["post"]["unchanged"] == posts
    assert "created" not in again.counts["post"] and "updated" not in again.counts["post"]


@pytest.fixture
def theme_unit_test():
    path = require_shared(CORPUS / "wptt-theme-test-data" / "themeunittestdata.wordpress.xml")
    return import_files([path])


def test_the_theme_unit_test_data_keeps_its_edge_cases(theme_unit_test):
    assert PostPage.objects.count() == 58
    assert StandardPage.objects.count() == 21
    protected = PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.PASSWORD)
    assert protected.count() == 1
    assert PostPage.objects.filter(live=False).count() == 2  # one draft, one scheduled
    assert PostPage.objects.filter(go_live_at__isnull=False, live=False).count() == 1
    sticky = ImportedItem.objects.filter(kind="post", data__sticky=True)
    assert sticky.count() == 1
    assert ImportedComment.objects.count() == 33
    nested = StandardPage.objects.filter(depth__gt=3)
    assert nested.exists()
    assert all(page.url_path.count("/") > 3 for page in nested)


def test_the_theme_unit_test_archives_answer(theme_unit_test, client):
    post = PostPage.objects.live().public().order_by("-date").first()
    assert client.get(post.url).status_code == 200
    assert client.get("/en/").status_code == 200
    for tag in post.tags.all():
        assert client.get(f"/en/tag/{tag.slug}/").status_code == 200


def test_unicode_titles_survive(client):
    path = require_shared(CORPUS / "nikola" / "wordpress_unicode_export.xml")
    import_files([path])
    titles = list(PostPage.objects.values_list("title", flat=True))
    assert any(any(ord(character) > 127 for character in title) for title in titles)


def test_parents_know_how_many_children_they_have(theme_unit_test):
    from wagtail.models import Page

    for parent in Page.objects.filter(depth__gte=2):
        assert parent.numchild == Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()


def test_the_theme_unit_test_keeps_every_category_and_tag_with_the_category_tree(theme_unit_test, client):
    from bayan.newsroom.models import Category, Tag

    assert Category.objects.filter(locale__language_code="en").count() == 68 + 4  # and the four every site starts with
    assert Tag.objects.count() == 110 + 4  # four more are used by posts without being declared
    child = Category.objects.get(slug="child-category-01")
    assert child.parent.slug == "parent-category"
    grandchild = Category.objects.get(slug="grandchild-category")
    assert grandchild.parent.slug == "child-category-03"
    assert grandchild.parent.parent.slug == "parent-category"
    assert grandchild.lineage_ids() == [grandchild.pk, grandchild.parent.pk, child.parent.pk]
