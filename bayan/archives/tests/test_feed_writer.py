"""The feeds' quicker XML writer writes the bytes Django's writer writes, and refuses what it refuses."""

import io

import pytest
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError
from hypothesis import given
from hypothesis import strategies as st

from bayan.archives.feeds import _QuickXMLWriter

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
