"""Categories keep WordPress's tree: a parent's archive lists its subcategories' posts, as it did there."""

import pytest

from bayan.newsroom.models import Category, PostPage
from bayan.wxr.importer import import_files

from .helpers import HEAD, item, wxr

pytestmark = pytest.mark.django_db


def declared(nicename, name, parent=""):
    return (f"<wp:category><wp:term_id>{len(nicename)}</wp:term_id><wp:category_nicename>{nicename}"
            f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
            f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n")


def filed(nicename, name):
    return f'<category domain="category" nicename="{nicename}"><![CDATA[{name}]]></category>'


# The child is declared before its parent, as hand-edited exports sometimes have it.
TREE = (declared("syria-detentions", "Detentions in Syria", parent="detentions")
        + declared("detentions", "Detentions") + declared("unused", "Never used", parent="detentions"))


def test_a_parent_category_lists_the_posts_of_its_subcategories(tmp_path, client):
    path = wxr(tmp_path, item(1, "Journalist held in Adra", terms=filed("syria-detentions", "Detentions in Syria")),
               item(2, "Press freedom report", terms=filed("detentions", "Detentions")), head=HEAD + TREE)
    report = import_files([path])
    child = Category.objects.get(slug="syria-detentions")
    assert child.parent.slug == "detentions"
    assert Category.objects.get(slug="unused").parent == child.parent
    assert report.counts["category"]["created"] == 3
    parent_archive = client.get("/en/category/detentions/").content.decode()
    assert "Journalist held in Adra" in parent_archive and "Press freedom report" in parent_archive
    for old in ("/category/syria-detentions/", "/category/detentions/syria-detentions/"):
        assert client.get(old)["Location"] == "/en/category/syria-detentions/"
    child_archive = client.get("/en/category/syria-detentions/").content.decode()
    assert "Journalist held in Adra" in child_archive and "Press freedom report" not in child_archive


def test_a_category_loop_in_the_export_is_reported_and_broken(tmp_path):
    loop = declared("first", "First", parent="second") + declared("second", "Second", parent="first")
    path = wxr(tmp_path, item(1, "Post", terms=filed("first", "First")), head=HEAD + loop)
    report = import_files([path])
    first, second = Category.objects.get(slug="first"), Category.objects.get(slug="second")
    assert (first.parent, second.parent) == (second, None)
    assert any("a loop in the export" in problem for problem in report.problems)


def test_an_editor_cannot_put_a_category_inside_its_own_subcategory():
    from django.core.exceptions import ValidationError

    top = Category.objects.get(locale__language_code="en", slug="report")
    below = Category.objects.create(locale=top.locale, name="Annual", slug="annual", parent=top)
    top.parent = below
    with pytest.raises(ValidationError, match="inside itself"):
        top.full_clean()


def test_reimporting_keeps_the_tree_and_changes_nothing(tmp_path):
    path = wxr(tmp_path, item(1, "Journalist held", terms=filed("syria-detentions", "Detentions in Syria")),
               head=HEAD + TREE)
    import_files([path])
    again = import_files([path])
    assert "created" not in again.counts["category"]
    assert Category.objects.get(slug="syria-detentions").parent.slug == "detentions"


def test_a_post_in_several_categories_is_listed_in_each(tmp_path, client):
    both = filed("statements", "Statements") + filed("syria", "Syria")
    path = wxr(tmp_path, item(1, "Joint statement on Adra prison", terms=both, slug="joint-statement"),
               item(2, "Report on Syria", terms=filed("syria", "Syria")), head=HEAD)
    import_files([path])
    post = PostPage.objects.get(slug="joint-statement")
    assert post.category.slug == "statements"
    assert [category.slug for category in post.filed_under()] == ["statements", "syria"]
    for archive in ("/en/category/statements/", "/en/category/syria/"):
        assert "Joint statement on Adra prison" in client.get(archive).content.decode()
    assert client.get("/en/category/syria/").content.decode().count("Joint statement on Adra prison") == 1
    page = client.get(post.url).content.decode()
    assert 'href="/en/category/syria/"' in page
    assert "created" not in import_files([path]).counts["post"]
    assert list(post.other_categories.values_list("slug", flat=True)) == ["syria"]
