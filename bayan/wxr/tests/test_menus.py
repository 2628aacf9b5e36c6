"""An export's menus become the header and footer menus of the import's language, every link pointing at
what it pointed at there: the imported page or post, the category or tag archive, or the other site."""

import pytest

from bayan.navigation.models import Menu, MenuItem
from bayan.newsroom.models import PostPage, StandardPage
from bayan.wxr.importer import import_files

from .helpers import HEAD, item, wxr

pytestmark = pytest.mark.django_db

# A fictional press-freedom group's site: two menus, a page, a post, a category and a tag.
TERMS = (
    "<wp:category><wp:term_id>31</wp:term_id><wp:category_nicename>statements</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Statements]]></wp:cat_name></wp:category>\n"
    "<wp:tag><wp:term_id>42</wp:term_id><wp:tag_slug>trials</wp:tag_slug><wp:tag_name><![CDATA[Trials]]>"
    "</wp:tag_name></wp:tag>\n"
    "<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>main</wp:term_slug>"
    "<wp:term_name><![CDATA[Main menu]]></wp:term_name></wp:term>\n"
    "<wp:term><wp:term_id>8</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>bottom-links</wp:term_slug><wp:term_name><![CDATA[Footer links]]></wp:term_name></wp:term>\n"
)


def menu_link(post_id, title, order, *, menu="main", kind="custom", target="", target_id="", url="", parent="0"):
    """A ``nav_menu_item`` as WordPress exports it: its meta says what it points at."""
    meta = {"_menu_item_type": kind, "_menu_item_object": target or kind, "_menu_item_object_id": target_id,
            "_menu_item_url": url, "_menu_item_menu_item_parent": parent}
    extra = f"<wp:menu_order>{order}</wp:menu_order>" + "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value>"
        f"</wp:postmeta>" for key, value in meta.items())
    terms = f'<category domain="nav_menu" nicename="{menu}"><![CDATA[{menu}]]></category>'
    return item(post_id, title, post_type="nav_menu_item", slug=str(post_id), terms=terms, extra=extra)


def export(tmp_path, *links):
    content = [
        item(10, "About the group", post_type="page", slug="about"),
        item(11, "Lawyer detained at the border", slug="lawyer-detained",
             terms='<category domain="category" nicename="statements"><![CDATA[Statements]]></category>'
                   '<category domain="post_tag" nicename="trials"><![CDATA[Trials]]></category>'),
    ]
    return wxr(tmp_path, *content, *links, head=HEAD + TERMS)


LINKS = [
    menu_link(100, "", 1, kind="post_type", target="page", target_id="10"),
    menu_link(101, "Statements", 2, kind="taxonomy", target="category", target_id="31"),
    menu_link(102, "", 1, kind="taxonomy", target="post_tag", target_id="42", parent="101"),
    menu_link(103, "Our latest case", 2, url="https://old.example.org/2017/09/lawyer-detained/", parent="101"),
    menu_link(104, "Donate", 3, url="https://donate.example.net/group"),
    menu_link(105, "Run this", 4, url="javascript:alert(1)"),
    menu_link(106, "Deep", 1, url="mailto:desk@example.org", parent="102"),
    menu_link(107, "", 1, menu="bottom-links", kind="post_type", target="post", target_id="11"),
    menu_link(108, "Home", 2, menu="bottom-links", url="https://www.old.example.org/"),
]


def rows(place):
    return [(link.label, link.page_id, link.address, link.nested)
            for link in MenuItem.objects.filter(menu__language="en", menu__place=place).order_by("sort_order")]


def test_the_menus_point_at_the_imported_page_archives_and_other_sites(tmp_path):
    report = import_files([export(tmp_path, *LINKS)])
    about = StandardPage.objects.get(slug="about")
    post = PostPage.objects.get(slug="lawyer-detained")
    assert rows(Menu.HEADER) == [
        ("", about.pk, "", False),
        ("Statements", None, "/en/category/statements/", False),
        ("Trials", None, "/en/tag/trials/", True),
        # The deeper link is kept under its top-level ancestor.
        ("Deep", None, "mailto:desk@example.org", True),
        # A link to the old site's own post leads to the imported post, through the redirect the import keeps.
        ("Our latest case", post.pk, "", True),
        ("Donate", None, "https://donate.example.net/group", False),
    ]
    assert rows(Menu.FOOTER) == [("", post.pk, "", False), ("Home", None, "/en/", False)]
    refused = [skipped for skipped in report.skipped if skipped["kind"] == "nav_menu_item"]
    assert [(skipped["wp_id"], "javascript" in skipped["reason"]) for skipped in refused] == [("105", True)]
    assert any("menu item 106 is 2 levels deep" in problem for problem in report.problems)
    assert report.counts["menu"]["created"] == 2


def test_a_second_import_replaces_the_links_instead_of_adding_them(tmp_path):
    path = export(tmp_path, *LINKS)
    import_files([path])
    first = rows(Menu.HEADER)
    report = import_files([path])
    assert rows(Menu.HEADER) == first
    assert Menu.objects.count() == 2
    assert report.counts["menu"]["updated"] == 2


def test_links_that_cannot_be_mapped_are_reported_and_their_children_move_up(tmp_path):
    links = [
        menu_link(200, "Topics", 1, url="#"),
        menu_link(201, "Donate", 1, url="https://donate.example.net/group", parent="200"),
        menu_link(202, "Gone", 2, kind="post_type", target="page", target_id="999"),
        menu_link(203, "Products", 3, kind="post_type", target="product", target_id="5"),
        menu_link(204, "Old page", 4, url="https://old.example.org/no-such-page/"),
    ]
    report = import_files([export(tmp_path, *links)])
    assert rows(Menu.HEADER) == [("Donate", None, "https://donate.example.net/group", False)]
    reasons = {skipped["wp_id"]: skipped["reason"] for skipped in report.skipped if skipped["kind"] == "nav_menu_item"}
    assert "leads nowhere" in reasons["200"]
    assert "page 999, which this import did not bring" in reasons["202"]
    assert "“product”" in reasons["203"]
    assert "no address here" in reasons["204"]


def test_menus_beyond_a_header_and_a_footer_are_reported(tmp_path):
    links = [menu_link(300, "Donate", 1, url="https://donate.example.net/"),
             menu_link(301, "Press", 1, menu="social", url="https://press.example.net/"),
             menu_link(302, "Radio", 2, menu="social", url="https://radio.example.net/")]
    report = import_files([export(tmp_path, *links)])
    assert rows(Menu.HEADER) == [("Press", None, "https://press.example.net/", False),
                                 ("Radio", None, "https://radio.example.net/", False)]
    skipped = [entry for entry in report.skipped if entry["kind"] == "nav_menu_item"]
    assert [entry["wp_id"] for entry in skipped] == ["300"] and "“Main menu”" in skipped[0]["reason"]
