"""The feeds' quicker XML writer writes the bytes Django's writer writes, and refuses what it refuses."""

import io
from datetime import UTC, datetime

import pytest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError
from hypothesis import given
from hypothesis import strategies as st

from bayan.archives.feeds import SiteDatedAtom, SiteDatedRss, _QuickXMLWriter

names = st.sampled_from(["title", "link", "dc:creator", "category", "enclosure"])
texts = st.one_of(st.none(), st.just(""), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])))
attributes = st.one_of(st.none(), st.dictionaries(st.sampled_from(["href", "rel", "term", "length"]),
                                                  st.text(max_size=20), max_size=3))
elements = st.lists(st.tuples(names, texts, attributes), max_size=8)


def written(writer_class, elements):
    out = io.StringIO()
    writer = writer_class(out, "utf-8", short_empty_elements=True)
    writer.startDocument()
    writer.startElement("channel", {"xml:lang": "ar"})
    try:
        for name, text, attrs in elements:
            writer.addQuickElement(name, text, attrs)
    except UnserializableContentError:
        return "refused"
    writer.endElement("channel")
    return out.getvalue()


@given(elements)
def test_the_quick_writer_writes_what_djangos_writes(elements):
    assert written(_QuickXMLWriter, elements) == written(SimplerXMLGenerator, elements)


def test_text_xml_cannot_hold_is_refused_as_django_refuses_it():
    with pytest.raises(UnserializableContentError):
        _QuickXMLWriter(io.StringIO(), "utf-8", short_empty_elements=True).addQuickElement("title", "a\x0bb")


@pytest.mark.parametrize("ours, djangos", [(SiteDatedRss, Rss201rev2Feed), (SiteDatedAtom, Atom1Feed)])
def test_a_whole_feed_is_written_as_djangos_generator_writes_it(ours, djangos):
    """Our feeds take the steps of Django's ``write`` with the quicker writer: should a later Django write its
    feeds otherwise, this shows it."""
    feed = ours("Latest <publications>", "https://example.org/en/", "A & B", language="ar",
                feed_url="https://example.org/en/feed/", author_name="Legal unit",
                stylesheets=["https://example.org/feed.xsl"])
    for number in range(3):
        feed.add_item(f"Post {number} & more", f"https://example.org/en/post-{number}/", "<p>Body</p>",
                      pubdate=datetime(2024, 5, number + 1, tzinfo=UTC), categories=["detention", "a<b"],
                      author_name="Legal unit", unique_id=f"urn:uuid:{number}")
    quick, plain = io.StringIO(), io.StringIO()
    feed.write(quick, "utf-8")
    djangos.write(feed, plain, "utf-8")
    assert quick.getvalue() == plain.getvalue()
