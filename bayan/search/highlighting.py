"""Marking what a search found: the words of a hit's title and excerpt that the query matched.

The same analysis as the index decides what matches, so a word found in one of its
forms, or closely, is the word marked.
"""

import html

from bayan.newsroom.text import html_to_text

from .analysis import analyse_word, words

# The words of an excerpt shown around a hit's first match.
EXCERPT_WORDS = 40


class Highlighter:
    """Marks the words of a text that the query matched, with the same analysis as the index.

    An exact match is marked where a word is the query's in one of its forms; a close
    one (``close``) also where a word shares a close term or starts as the word typed.
    """

    def __init__(self, query, close=False):
        self.terms, self.prefixes, close_terms, close_prefixes = query.highlight_terms()
        self.close = close_terms if close else set()
        if close:
            self.prefixes = self.prefixes | close_prefixes
        self._seen = {}

    def matches(self, token):
        """Whether a whitespace-separated piece of text holds a word the query matched."""
        known = self._seen.get(token)
        if known is None:
            known = self._seen[token] = self._matches(token)
        return known

    def _matches(self, token):
        found = words(token)
        if not found:
            return False
        for word in found:
            stem, forms, close = analyse_word(word)
            if stem in self.terms or not self.terms.isdisjoint(forms) or not self.close.isdisjoint(close):
                return True
            if any(stem.startswith(prefix) or word.startswith(prefix) for prefix in self.prefixes):
                return True
        return False

    def mark(self, text):
        """Escape ``text`` and wrap each matching word in ``<mark>``."""
        return " ".join(
            f"<mark>{html.escape(token)}</mark>" if self.matches(token) else html.escape(token)
            for token in text.split()
        )

    def excerpt(self, post):
        """About forty words of the post around its first match, marked; the listing excerpt if none."""
        tokens = f"{post.excerpt}\n{html_to_text(post.body)}".split()
        for position, token in enumerate(tokens[:5000]):
            if self.matches(token):
                start = max(0, position - 8)
                window = tokens[start:start + EXCERPT_WORDS]
                text = " ".join(window)
                lead = "… " if start else ""
                tail = " …" if start + EXCERPT_WORDS < len(tokens) else ""
                return lead + self.mark(text) + tail
        return html.escape(post.listing_excerpt)
