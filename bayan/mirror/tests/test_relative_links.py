"""A link between two files of the copy is the relative path a browser resolves back to the target."""

import posixpath
import re

from hypothesis import given
from hypothesis import strategies as st

from bayan.mirror.rendering import LinkRewriter, relative_address

folders = st.lists(st.sampled_from(["en", "ar", "tag", "page", "2", "حرية", "a b"]), max_size=4)
files = st.builds(lambda parts, name: "/".join([*parts, name]), folders,
                  st.sampled_from(["index.html", "index.xml", "sitemap.xml", "a.css"]))


@given(files, files)
def test_a_relative_link_is_the_standard_library_relative_path(target, start):
    assert relative_address(target, start) == posixpath.relpath(target, posixpath.dirname(start) or ".")


@given(files, files)
def test_a_relative_link_resolves_back_to_its_target(target, start):
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(start), relative_address(target, start)))
    assert joined == target


# The plain statement of which attributes are links: a name that holds one address, after white space.
LINK_BY_NAME = re.compile(r"""(\s(?:href|src|action|poster)=)(["'])(/[^"'\s>]*)\2""", re.ASCII)
attributes = st.builds(
    lambda before, name, quote, address: f"{before}{name}={quote}{address}{quote}",
    st.sampled_from([" ", "\n", "\t", "\r", "\f", "-", "x", ""]),
    st.sampled_from(["href", "src", "action", "poster", "content", "data-href", "title", "xhref"]),
    st.sampled_from(['"', "'"]),
    st.sampled_from(["/en/", "/en/tag/a/page/2/", "/", "/static/a.css", "/ar/حرية/", "/en/a b/", "https://x.org/",
                     "/en/?q=a"]),
)
markup = st.lists(st.one_of(attributes, st.sampled_from(["<a", ">", "</a>", " ", "text", '="', "'", '"'])),
                  max_size=12).map("".join)


def _rewriter():
    return LinkRewriter("https://live.example.org", mirrored=lambda address: not address.startswith("/static/"))


@given(markup)
def test_the_links_rewritten_are_the_attributes_that_hold_one_address(html):
    reference = _rewriter()
    expected = LINK_BY_NAME.sub(
        lambda match: f"{match[1]}{match[2]}{reference.address(match[3], 'en/tag/a/index.html')}{match[2]}", html)
    rewriter = _rewriter()
    assert rewriter.page(html, "en/tag/a/index.html") == expected
    assert rewriter.found == reference.found


def test_a_link_without_its_final_slash_leads_where_the_site_sends_it():
    held = {"/en/tag/detention/", "/2016/05/older-statement/"}
    rewriter = LinkRewriter("https://live.example.org", mirrored=held.__contains__)
    page = "en/post/index.html"
    assert rewriter.address("/en/tag/detention", page) == "../tag/detention/index.html"
    assert rewriter.address("/2016/05/older-statement#end", page) == "../../2016/05/older-statement/index.html#end"
    # Nothing held with the slash either, or a file's name: the live site answers it.
    assert rewriter.address("/en/tag/unknown", page) == "https://live.example.org/en/tag/unknown"
    assert rewriter.address("/2016/05/older-statement.html", page) == (
        "https://live.example.org/2016/05/older-statement.html")
    assert rewriter.found == held
