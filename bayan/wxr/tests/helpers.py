"""Where the shared WXR corpus lives, and a tiny WXR writer for hand-made test files."""

from bayan.tests.shared_files import SHARED, require

CORPUS = SHARED / "corpora" / "wxr"
BENCH = SHARED / "bench"

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Test site</title>\n<link>https://old.example.org</link>\n'
    "<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
    "<wp:base_site_url>https://old.example.org</wp:base_site_url>\n"
    "<wp:author><wp:author_login>editor</wp:author_login><wp:author_display_name>The Editor</wp:author_display_name>"
    "</wp:author>\n"
)


def item(post_id, title, *, body="", slug=None, post_type="post", status="publish", date="2017-09-20 10:00:00",
         terms="", extra=""):
    """One <item> as WordPress's exporter writes it."""
    slug = slug if slug is not None else f"post-{post_id}"
    return (
        f"<item><title>{title}</title><link>https://old.example.org/{date[:4]}/{date[5:7]}/{slug}/</link>"
        f'<dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink="false">https://old.example.org/?p={post_id}</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>"
        f"<wp:post_type>{post_type}</wp:post_type>{terms}{extra}</item>\n"
    )


def wxr(tmp_path, *items, name="export.xml", head=HEAD, tail="</channel>\n</rss>\n"):
    """Write a WXR file from items and return its path."""
    path = tmp_path / name
    path.write_text(head + "".join(items) + tail, encoding="utf-8")
    return path


TREE_PROBLEMS = ("bad_alpha", "bad_path", "orphans", "bad_depth", "bad_numchild")


def tree_problems():
    """Treebeard's check of Wagtail's page tree, as {problem: page ids} of the problems found (empty if none).

    The importer writes ``path``, ``depth`` and ``numchild`` itself, in bulk; nothing else checks them.
    """
    from wagtail.models import Page

    return {name: ids for name, ids in zip(TREE_PROBLEMS, Page.find_problems(), strict=True) if ids}


def database_rows():
    """Every row of every table, as {table: sorted rows}: two snapshots are equal when nothing was written."""
    from django.db import connection

    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def require_shared(path):
    """``path`` under ../shared, skipped when missing, failed instead under CI (see bayan/tests/shared_files.py)."""
    return require(path, "the shared corpora and benchmark tools")
