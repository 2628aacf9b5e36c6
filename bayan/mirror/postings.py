"""Postings: how the mirror's offline index writes that a term is in a post, and how much it weighs.

A posting is the post's id in four characters of base64url (24 bits, most significant first),
then one character: how much the term weighs in the post (BM25 with the site's column weights,
on a logarithmic scale of 16 steps), whether it is in the title, and whether it is in the title
or the body (a word's start as typed is looked for there only, as on the site). Ids are
written whole, not as gaps, so that a sync finds an edited post's old postings with a plain
substring search (``without``) and patches the few lists that hold it instead of indexing ten
thousand posts again. A list is in id order, so ``first_ids`` finds the posts a one-word search
shows first without decoding it.

``bayan/static/mirror/search.js`` reads the same characters: its constants follow these.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bayan.search.analysis import FORM_MARK
from bayan.search.backends import WEIGHTS

from .folder import MirrorError

# base64url's characters in the order of their codes, so that text order is number order.
ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
VALUE_OF = {character: value for value, character in enumerate(ALPHABET)}
CLOSE_MARK = "~"
ID_CHARACTERS = 4
POSTING = ID_CHARACTERS + 1
LARGEST_ID = 64**ID_CHARACTERS - 1
# BM25's usual constants, as SQLite's bm25() and most engines use them.
K1, B = 1.2, 0.75
SCORE_STEPS = 16
STEP_BITS = SCORE_STEPS - 1
IN_TITLE, IN_TEXT = 16, 32


def utf16_order(term):
    """The key that sorts terms as JavaScript's ``<`` compares them (by UTF-16 code units)."""
    return term.encode("utf-16-be")


def post_code(post_id):
    """A post's id as ID_CHARACTERS base64url characters, most significant first."""
    if not 0 <= post_id <= LARGEST_ID:
        raise MirrorError(f"post id {post_id} does not fit the mirror's search index (largest {LARGEST_ID})")
    return "".join(ALPHABET[(post_id >> shift) & 63] for shift in range(6 * (ID_CHARACTERS - 1), -1, -6))


def score_step(weight):
    """A term's weight in a post (0 and up) on SCORE_STEPS logarithmic steps; ``search.js`` undoes it."""
    return min(SCORE_STEPS - 1, round(math.log2(1 + weight) * 3))


def _rounded(value):
    """Two significant figures, so that a post more or less leaves an average as it was."""
    digits = 1 - int(math.floor(math.log10(value)))
    return round(value, digits)


def column_lengths(documents):
    """The average number of terms in each column (title, body, forms, close) of a language's documents."""
    totals, count = [0, 0, 0, 0], 0
    for document in documents:
        count += 1
        for column, terms in enumerate(document.columns):
            totals[column] += len(terms)
    return [_rounded(max(1.0, total / count)) if count else 1.0 for total in totals]


@dataclass
class Document:
    """One post as the index holds it: its id, its terms by column and its facet values."""

    post_id: int
    year: int
    category: int | None
    columns: tuple
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)

    def facet_entry(self):
        return [self.post_id, self.year, self.category, sorted(self.tags), sorted(self.authors)]


def _saturation(frequency, length, average):
    return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / average))


def postings_of(document, lengths):
    """``{term: posting}`` of one document: its id, then its weight step and where it is."""
    title, body, forms, close = document.columns
    title_counts, body_counts, form_counts = Counter(title), Counter(body), Counter(forms)
    factors = [(WEIGHTS[name], len(terms), average)
               for name, terms, average in zip(("title", "body", "form"), (title, body, forms), lengths, strict=False)]
    code = post_code(document.post_id)

    made = {}

    def posting(frequencies):
        if frequencies not in made:
            weight = sum(factor * _saturation(frequency, size, average)
                         for frequency, (factor, size, average) in zip(frequencies, factors, strict=True) if frequency)
            flags = (IN_TITLE | IN_TEXT) if frequencies[0] else (IN_TEXT if frequencies[1] else 0)
            made[frequencies] = code + ALPHABET[score_step(weight) | flags]
        return made[frequencies]

    # Most terms are in the body alone, and a term's posting then depends only on how often it is
    # there: each count's is made once, and the body's terms mapped in one comprehension.
    in_body = {count: posting((0, count, 0)) for count in set(body_counts.values())}
    found = {term: in_body[count] for term, count in body_counts.items()}
    for term in title_counts.keys() | form_counts.keys():
        found[term] = posting((title_counts.get(term, 0), body_counts.get(term, 0), form_counts.get(term, 0)))
    # A post has hundreds of close spellings, nearly all once: the same, by count.
    close_counts = Counter(close)
    in_close = {count: code + ALPHABET[score_step(WEIGHTS["close"] * _saturation(count, len(close), lengths[3]))]
                for count in set(close_counts.values())}
    found.update({CLOSE_MARK + term: in_close[count] for term, count in close_counts.items()})
    return found


def first_ids(term, postings, count):
    """The ids of the ``count`` posts a search for ``term`` alone lists first, as ``search.js`` ranks them.

    One list's posts share its idf, so they rank by the title flag (not for a verb's letters,
    which never put a post first), then the weight step, then the later post. The list is in id
    order, so each rank's postings are taken from its end.
    """
    titles_count = not term.startswith(FORM_MARK)
    values = postings[ID_CHARACTERS::POSTING]
    ranks = defaultdict(list)
    for character in set(values):
        value = VALUE_OF[character]
        ranks[(value & IN_TITLE if titles_count else 0, value & STEP_BITS)].append(character)
    chosen = []
    for rank in sorted(ranks, reverse=True):
        needed = count - len(chosen)
        positions = []
        for character in ranks[rank]:
            end = len(values)
            for _ in range(needed):
                end = values.rfind(character, 0, end)
                if end == -1:
                    break
                positions.append(end)
        for position in sorted(positions, reverse=True)[:needed]:
            start = position * POSTING
            chosen.append(post_id_of(postings[start:start + ID_CHARACTERS]))
        if len(chosen) >= count:
            break
    return chosen


def post_id_of(code):
    """The id a post code stands for (``post_code`` undone)."""
    number = 0
    for character in code:
        number = number * 64 + VALUE_OF[character]
    return number


def without(postings, codes):
    """``postings`` less the postings of the ids ``codes`` (the same text when it holds none of them)."""
    for code in codes:
        start = postings.find(code)
        while start != -1:
            if start % POSTING == 0:
                postings = postings[:start] + postings[start + POSTING:]
                start = postings.find(code, start)
            else:
                start = postings.find(code, start + 1)
    return postings


def inserted(postings, posting):
    """``postings`` with ``posting`` put in its place by id (ids are fixed-width, so text order is id order)."""
    code = posting[:ID_CHARACTERS]
    low, high = 0, len(postings) // POSTING
    while low < high:
        middle = (low + high) // 2
        if postings[middle * POSTING:middle * POSTING + ID_CHARACTERS] < code:
            low = middle + 1
        else:
            high = middle
    return postings[:low * POSTING] + posting + postings[low * POSTING:]
