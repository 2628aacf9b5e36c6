"""Plain-text helpers for listings: turning stored HTML into text and cutting it by words.

Words are what WordPress's ``wp_trim_words`` counts: runs of characters between
ASCII whitespace (space, tab, CR, LF). A no-break space is part of a word, so
migrated excerpts keep exactly the length and spacing readers saw before. The
rule is the same for every script; Arabic is cut exactly like English.
"""

import html
import re

ASCII_WHITESPACE = re.compile(r"[ \t\r\n]+")
ELLIPSIS = "..."

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# Closing a block (or a line break) ends a word even when no whitespace follows in the markup.
_BLOCK_BOUNDARY = re.compile(
    r"<(?:br|hr)\b[^>]*>|</(?:p|div|li|ul|ol|h[1-6]|blockquote|figure|figcaption|pre|table|tr|td|th|section|article)\s*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


def html_to_text(markup):
    """Return the reader-visible text of an HTML fragment: tags removed, entities decoded.

    Blocks are separated by a newline so that the last word of one paragraph never
    runs into the first word of the next.
    """
    if not markup:
        return ""
    text = _COMMENT.sub("", markup)
    text = _INVISIBLE.sub("", text)
    text = _BLOCK_BOUNDARY.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


def split_words(text):
    """Split on ASCII whitespace only, dropping empty pieces."""
    return [word for word in ASCII_WHITESPACE.split(text) if word]


def truncate_words(text, limit, more=ELLIPSIS):
    """Keep the first ``limit`` words, joined by single spaces, adding ``more`` if any were cut.

    Text of ``limit`` words or fewer is returned with its words joined by single
    spaces and nothing added.
    """
    pieces = ASCII_WHITESPACE.split(text.strip(" \t\r\n"), maxsplit=limit)
    pieces = [piece for piece in pieces if piece]
    if len(pieces) > limit:
        return " ".join(pieces[:limit]) + more
    return " ".join(pieces)


# Arabic diacritics (harakat, tanwin, dagger alef, Quranic marks): WordPress keeps them in slugs,
# but they are combining marks, not "word" characters, so they are allowed explicitly.
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
SLUG_CHARACTERS = rf"[-\w{ARABIC_MARKS}]"
