"""A link between two files of the copy is the relative path a browser resolves back to the target."""

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from bayan.mirror.rendering import relative_address

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
