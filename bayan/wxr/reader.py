"""Reading WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) as a stream of plain records.

The file is parsed with lxml's ``iterparse`` and every element is freed once read,
so memory stays flat whatever the file's size. Entities are never expanded and
nothing is fetched from the network; a file that declares entities is refused
before any of it is read, since no WordPress export does and both entity bombs
and external-entity attacks need them.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

# Exports name WordPress's namespace over http, and some (wordpress.com, newer themes' test data) over https.
WP_NAMESPACES = {f"{scheme}://wordpress.org/export/{version}/" for scheme in ("http", "https")
                 for version in ("1.0", "1.1", "1.2")}
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
EXCERPT_NAMESPACES = {f"{namespace}excerpt/" for namespace in WP_NAMESPACES}
PROLOGUE_BYTES = 65536
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


class WXRError(Exception):
    """A file that cannot be read as a WordPress export; the message names the file and line."""


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment or other post type, with its terms, meta and comments."""

    line: int
    fields: dict = field(default_factory=dict)
    terms: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def check_prologue(path):
    """Refuse files that declare entities (bombs, XXE) or are not XML at all, before parsing."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(PROLOGUE_BYTES)
    except OSError as error:
        raise WXRError(f"{path}: cannot be read ({error.strerror})") from None
    if not head.strip():
        raise WXRError(f"{path}: the file is empty")
    doctype = _DOCTYPE.search(head)
    if doctype and _ENTITY_DECLARATION.search(head):
        line = head[: doctype.start()].count(b"\n") + 1
        raise WXRError(
            f"{path}, line {line}: the file declares XML entities; WordPress exports never do, and such "
            "declarations are how entity-expansion bombs and external-entity (XXE) attacks work, so it is refused"
        )
    if not head.lstrip().startswith(b"<"):
        raise WXRError(f"{path}, line 1: this is not an XML file")


def _text(element):
    return element.text or ""


def _children_text(element):
    """{local name: text} of an element's direct children (last one wins)."""
    return {local(child.tag): _text(child) for child in element}


def read_records(path):
    """Yield ("channel", dict), ("author" | "category" | "tag" | "term", dict) and ("item", Item) records.

    Raises WXRError for a file that is not well-formed XML or not a WordPress
    export; records read before a syntax error have already been yielded, and
    the error says where the break is.
    """
    check_prologue(path)
    # recover=True lets namespace slips through (an undeclared prefix, a non-ASCII namespace URI),
    # which WordPress itself tolerates; real syntax errors are still fatal, checked by _check_errors.
    context = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=True, remove_comments=True, remove_pis=True, recover=True,
    )
    depth = 0
    seen_rss = seen_wp = False
    channel = {}
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1 and local(element.tag) != "rss":
                    raise WXRError(f"{path}, line {element.sourceline}: the document is <{local(element.tag)}>, "
                                   "not a WordPress export (<rss> with WordPress's export namespace)")
                seen_rss = True
                continue
            depth -= 1
            if depth <= 2:
                _check_errors(path, context)
            tag = local(element.tag)
            if depth == 2 and namespace(element.tag) in WP_NAMESPACES:
                seen_wp = True
                if tag in ("author", "category", "tag", "term"):
                    yield tag, _children_text(element)
                else:
                    channel[tag] = _text(element)
                element.clear()
            elif depth == 2 and tag == "item":
                if not seen_wp:
                    seen_wp = any(namespace(child.tag) in WP_NAMESPACES for child in element)
                if channel is not None:
                    yield "channel", channel
                    channel = None
                yield "item", _item(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif depth == 2 and channel is not None and namespace(element.tag) == "":
                channel[tag] = _text(element)
        _check_errors(path, context)
        if not seen_rss:
            raise WXRError(f"{path}: no <rss> element")
        if not seen_wp:
            raise WXRError(f"{path}: no element in WordPress's export namespace "
                           "(http://wordpress.org/export/1.x/): this is not a WordPress export")
        if channel is not None:
            yield "channel", channel
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (error.lineno, 0)
        raise WXRError(f"{path}, line {line}, column {column}: not well-formed XML ({error.msg})") from None
    finally:
        del context


def _check_errors(path, context):
    """Raise for the first fatal syntax error the parser has met (namespace complaints are not fatal)."""
    for entry in context.error_log.filter_from_level(etree.ErrorLevels.FATAL):
        if entry.domain != etree.ErrorDomains.NAMESPACE:
            raise WXRError(f"{path}, line {entry.line}, column {entry.column}: not well-formed XML ({entry.message})")


def _item(element):
    item = Item(line=element.sourceline or 0)
    for child in element:
        tag, space = local(child.tag), namespace(child.tag)
        if child.tag == CONTENT:
            item.fields["content"] = _text(child)
        elif space in EXCERPT_NAMESPACES:
            item.fields["excerpt"] = _text(child)
        elif child.tag == DC_CREATOR:
            item.fields["creator"] = _text(child)
        elif tag == "category" and space == "":
            item.terms.append((child.get("domain", "category"), child.get("nicename", ""), _text(child)))
        elif space in WP_NAMESPACES and tag == "postmeta":
            values = _children_text(child)
            key = values.get("meta_key", "")
            if key:
                item.meta.setdefault(key, []).append(values.get("meta_value", ""))
        elif space in WP_NAMESPACES and tag == "comment":
            comment = {local(part.tag): _text(part) for part in child if local(part.tag) != "commentmeta"}
            item.comments.append(comment)
        elif space == "" or space in WP_NAMESPACES:
            item.fields[tag] = _text(child)
    return item
