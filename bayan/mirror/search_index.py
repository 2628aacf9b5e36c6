"""The mirror's search index: each language's posts as script files a browser searches without a server.

The index is made from the search app's own documents (``SearchDocument``: the terms its
analysis wrote), so the copy finds what the site finds; ``bayan/static/mirror/search.js``
reads it, analysing the query with ``analysis.js``, the same rules in JavaScript. Every
file is a classic script that hands its data to ``BayanSearch`` (no ``fetch``, which a page
opened from the disk may not use), under ``<lang>/search/index/``:

- ``root.js``: the count of posts, the first term of each terms file (sorted as JavaScript
  compares strings) with a short hash of its bytes, the hash of each posts file and of the
  facets file, and the editors' equivalent words;
- ``t<n>.js``: terms and their postings. A term is a stem or another form of a word as the
  site's index holds them (title, body and form columns together), or ``~`` and a close term
  (root family, sound key). Terms files are cut where a term's hash says so (content-defined,
  as rsync and backup tools cut files), so a post edited or added changes only the files of its
  own terms; a file also ends before it grows past ``TERMS_FILE_CHARACTERS``. A terms file also
  carries what its longest lists' first results show (``first_results``), so that a one-word
  search shows its first page without waiting for a second round of files;
- ``facets.js``: each post's year, category, tags and authors, and the labels of each value;
- ``d<k>.js``: what a result shows (title, address, date in both languages, category, the
  listing's excerpt), for the posts whose id divided by ``POSTS_PER_FILE`` is ``k``.

A term's list of posts, its postings, is written as ``postings`` says. Which terms file a term
belongs in is kept from the last full build (the first term of each), as are the column lengths
BM25 weighs against, until the next full render: a new word goes into the file whose range
holds it, even where a full build would start a file of its own, so that a sync rewrites only
the files its words reach.
"""

import hashlib
import json
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bayan.addresses import post_address
from bayan.identity.months import written_date
from bayan.identity.organisation import organisation
from bayan.newsroom.models import Author, AuthorName, Category, PostPage, Tag, TaggedPost
from bayan.search.models import SearchDocument, SearchEquivalent

from .postings import (
    CLOSE_MARK,
    Document,
    column_lengths,
    first_ids,
    inserted,
    post_code,
    postings_of,
    utf16_order,
    without,
)

INDEX_FOLDER = "search/index"
FORMAT = 1
POSTS_PER_FILE = 64
TERMS_FILE_CHARACTERS = 60_000
# About one term in this many starts a terms file (unless the file before grew too big first).
TERMS_PER_FILE = 900
# More changed posts than this and the index is built whole: quicker than looking for each in every list.
MOST_POSTS_PATCHED = 200
# A terms file shows at most this many posts' results: its longest lists' first pages, while they fit.
FIRST_RESULTS_PER_FILE = 64


def starts_file(term):
    """Whether a full build starts a terms file at ``term`` (its hash says so, whatever terms come before it)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "big") % TERMS_PER_FILE == 0


def split_terms(postings):
    """``{term: postings}`` cut into files in term order: ``[{term: postings}]``."""
    files, current, size = [], {}, 0
    for term in sorted(postings, key=utf16_order):
        encoded = postings[term]
        if current and (starts_file(term) or size + len(encoded) > TERMS_FILE_CHARACTERS):
            files.append(current)
            current, size = {}, 0
        current[term] = encoded
        size += len(term) + len(encoded) + 6
    if current:
        files.append(current)
    return files


def _script(call, *arguments):
    body = ",".join(json.dumps(argument, ensure_ascii=False, separators=(",", ":")) for argument in arguments)
    return f"BayanSearch.{call}({body});\n".encode()


def script_arguments(data, call):
    """The arguments of the ``BayanSearch.<call>(...)`` script ``_script`` wrote."""
    text = data.decode("utf-8")
    opening = f"BayanSearch.{call}("
    if not text.startswith(opening) or not text.endswith(");\n"):
        raise ValueError(f"not a {call} file of the mirror's search index")
    return json.loads("[" + text[len(opening):-3] + "]")


class AsRead(bytes):
    """A file's bytes as a sync read them from the mirror, handed back unchanged: nothing to write or hash again."""


def _short_hash(data):
    return hashlib.blake2b(data, digest_size=6).hexdigest()


def documents(post_ids):
    """``{language: [Document]}`` of the posts ``post_ids`` (readers may see them all), by id."""
    wanted = set(post_ids)
    found = defaultdict(list)
    by_id = {}
    rows = SearchDocument.objects.values_list("page_id", "language", "year", "category_id", "title_terms",
                                              "body_terms", "form_terms", "close_terms").order_by("page_id")
    if len(wanted) < 500:
        rows = rows.filter(page_id__in=wanted)
    for page_id, language, year, category, *columns in rows.iterator(chunk_size=2000):
        if page_id in wanted:
            document = Document(page_id, year, category, tuple(column.split() for column in columns))
            found[language].append(document)
            by_id[page_id] = document
    tagged = TaggedPost.objects.values_list("content_object_id", "tag_id")
    through = PostPage.authors.through.objects.values_list("postpage_id", "author_id")
    if len(wanted) < 500:
        tagged, through = tagged.filter(content_object_id__in=wanted), through.filter(postpage_id__in=wanted)
    for post_id, tag_id in tagged.iterator(chunk_size=5000):
        if post_id in by_id:
            by_id[post_id].tags.append(tag_id)
    for post_id, author_id in through.iterator(chunk_size=5000):
        if post_id in by_id:
            by_id[post_id].authors.append(author_id)
    return found


def _facet_labels(entries):
    """The names readers see for the categories, tags and authors of these facet entries."""
    categories, tags, authors = set(), set(), set()
    for _post_id, _year, category, post_tags, post_authors in entries:
        if category:
            categories.add(category)
        tags.update(post_tags)
        authors.update(post_authors)
    category_labels = {str(category.pk): [category.name, category.reader_path().lstrip("/")]
                       for category in Category.objects.filter(pk__in=categories).select_related("locale")}
    tag_labels = {str(pk): name for pk, name in Tag.objects.filter(pk__in=tags).values_list("pk", "name")}
    author_labels = {str(pk): {code: name for code, _ in settings.LANGUAGES}
                     for pk, name in Author.objects.filter(pk__in=authors).values_list("pk", "name")}
    for author_id, language, name in AuthorName.objects.filter(author__in=authors).values_list(
            "author_id", "language", "name"):
        if str(author_id) in author_labels and language in author_labels[str(author_id)]:
            author_labels[str(author_id)][language] = name
    return {"categories": category_labels, "tags": tag_labels, "authors": author_labels}


def _shown(language, post_ids):
    """``{post id: [title, address, ISO date, {language: date}, category, excerpt]}``: what a result shows."""
    month_style = organisation(None, language).arabic_months
    dates, shown = {}, {}
    rows = (PostPage.objects.filter(pk__in=post_ids)
            .values_list("pk", "listing_title", "slug", "date", "category_id", "listing_excerpt"))
    for pk, title, slug, date, category, excerpt in rows.iterator(chunk_size=2000):
        day = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
        if day not in dates:
            dates[day] = {code: written_date(day, "DATE_FORMAT", code, month_style)
                          for code, _name in settings.LANGUAGES}
        shown[pk] = [title, post_address(language, slug).lstrip("/"), date.isoformat(), dates[day], category, excerpt]
    return shown


def equivalent_groups():
    """The editors' groups of equivalent words, as lists of words: the browser maps them as the site does."""
    return [group.word_list() for group in SearchEquivalent.objects.only("words").order_by("pk")]


class LanguageIndex:
    """One language's index in memory: built whole from its documents, or read from a mirror and patched.

    A terms file read from a mirror stays as its bytes until a change reaches it, so a sync
    parses and writes again only the files that hold a changed post or get one of its terms.
    """

    def __init__(self, language, lengths, terms, facets, posts, firsts=None, hashes=None):
        self.language = language
        self.lengths = lengths
        self.terms = terms  # [{term: postings} or the file's bytes], in term order
        self.firsts = firsts if firsts is not None else [next(iter(terms_file)) for terms_file in terms]
        self.facets = facets  # {post id: facet entry}
        self.posts = posts  # {file number: {post id (text): shown} or the file's bytes}
        self._read_posts = {}  # {file number: {post id (text): shown}} of posts files still held as bytes
        # The root's hashes of the files read from a mirror: (one per terms file, {posts file number: hash}).
        self.hashes = hashes or ([], {})
        # {terms file number: (its bytes, its terms, the ids of the results it shows)} of files parsed to change.
        self._as_read = {}

    @classmethod
    def build(cls, language, language_documents, lengths=None):
        """The index of ``language_documents`` (one language's, readers may see them all).

        ``lengths`` are the column lengths to weigh against (by default, these documents' averages).
        """
        lengths = lengths or column_lengths(language_documents)
        by_term = defaultdict(list)
        for document in sorted(language_documents, key=lambda item: item.post_id):
            for term, posting in postings_of(document, lengths).items():
                by_term[term].append(posting)
        terms = split_terms({term: "".join(postings) for term, postings in by_term.items()})
        index = cls(language, lengths, terms, {}, defaultdict(dict))
        index._add_shown(language_documents)
        return index

    @classmethod
    def read(cls, folder, language):
        """The index a mirror folder holds for ``language``, or None when it has none (or another format)."""
        base = folder / language / INDEX_FOLDER
        try:
            _language, root = script_arguments((base / "root.js").read_bytes(), "root")
            if root.get("format") != FORMAT:
                return None
            terms = [AsRead((base / f"t{number}.js").read_bytes()) for number in range(len(root["terms"]))]
            facets = _facets_of((base / "facets.js").read_bytes(), base)
            posts = {int(number): AsRead((base / f"d{number}.js").read_bytes()) for number in root["posts"]}
            firsts = [first for first, _hash in root["terms"]]
            hashes = ([file_hash for _first, file_hash in root["terms"]],
                      {int(number): file_hash for number, file_hash in root["posts"].items()})
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            return None
        return cls(language, root["lengths"], terms, facets, defaultdict(dict, posts), firsts, hashes)

    def _terms_file(self, number):
        """File ``number``'s terms, parsed now if it was still bytes (it is about to change)."""
        if isinstance(self.terms[number], bytes):
            data = self.terms[number]
            _language, _number, terms, shown = script_arguments(data, "terms")
            self._as_read[number] = (data, dict(terms), set(shown))
            self.terms[number] = terms
        return self.terms[number]

    def _unchanged_files(self, changed, changed_ids):
        """The files of ``changed`` whose terms came back as they were read and whose results show no changed post.

        Taking a post out and putting its new state in leaves most of its terms' lists as they
        were (an edit to a title changes a few words): those files keep their bytes, and a sync
        neither encodes nor writes them again.
        """
        changed_posts = {str(post_id) for post_id in changed_ids}
        for number in changed:
            if number in self._as_read:
                data, terms, shown = self._as_read[number]
                if self.terms[number] == terms and not shown & changed_posts:
                    yield number, data

    def _posts_file(self, number):
        if isinstance(self.posts.get(number), bytes):
            self.posts[number] = script_arguments(self.posts[number], "posts")[2]
        return self.posts[number]

    def _shown_of(self, post_id):
        """What post ``post_id``'s result shows, from its posts file (read, not replaced, if still bytes)."""
        number = post_id // POSTS_PER_FILE
        shown = self.posts.get(number)
        if isinstance(shown, bytes):
            if number not in self._read_posts:
                self._read_posts[number] = script_arguments(shown, "posts")[2]
            shown = self._read_posts[number]
        return (shown or {}).get(str(post_id))

    def first_results(self, terms):
        """``{post id (text): shown}``: the first page of a one-word search for each of ``terms``' words.

        The longest lists come first (their results lie in the most posts files), while their
        posts fit in FIRST_RESULTS_PER_FILE; close terms are left out (a word found as typed
        never asks for them).
        """
        per_page = settings.BAYAN_ITEMS_PER_PAGE
        lists = sorted((item for item in terms.items() if not item[0].startswith(CLOSE_MARK)),
                       key=lambda item: (-len(item[1]), utf16_order(item[0])))
        chosen = set()
        for term, postings in lists:
            added = set(first_ids(term, postings, per_page)) - chosen
            if len(chosen) + len(added) > FIRST_RESULTS_PER_FILE:
                break
            chosen |= added
        shown = {str(post_id): self._shown_of(post_id) for post_id in sorted(chosen)}
        return {post_id: entry for post_id, entry in shown.items() if entry is not None}

    def _add_shown(self, language_documents):
        for document in language_documents:
            self.facets[document.post_id] = document.facet_entry()
        for post_id, shown in _shown(self.language, [item.post_id for item in language_documents]).items():
            self._posts_file(post_id // POSTS_PER_FILE)[str(post_id)] = shown

    def apply(self, changed_ids, language_documents):
        """The index with the posts ``changed_ids`` taken out and ``language_documents`` (their new state) put in.

        An old posting is found by its id's characters at a posting's start, so only the
        lists that hold a changed post are decoded and written again.
        """
        codes = {post_code(post_id) for post_id in changed_ids}
        # Looked for in a file's bytes: the codes are ASCII, which UTF-8 writes as itself and in no other character.
        code_bytes = [code.encode("ascii") for code in codes]
        changed = set()
        for number, terms_file in enumerate(self.terms):
            if isinstance(terms_file, bytes) and not any(code in terms_file for code in code_bytes):
                continue
            terms = self._terms_file(number)
            for term, postings in list(terms.items()):
                kept = without(postings, codes)
                if kept is not postings:
                    changed.add(number)
                    if kept:
                        terms[term] = kept
                    else:
                        del terms[term]
        for post_id in changed_ids:
            self.facets.pop(post_id, None)
            if post_id // POSTS_PER_FILE in self.posts:
                self._posts_file(post_id // POSTS_PER_FILE).pop(str(post_id), None)
        keys = [utf16_order(first) for first in self.firsts]
        for document in language_documents:
            for term, posting in postings_of(document, self.lengths).items():
                if not self.terms:
                    self.terms.append({})
                    self.firsts.append(term)
                    keys.append(utf16_order(term))
                number = max(0, bisect_right(keys, utf16_order(term)) - 1)
                terms = self._terms_file(number)
                terms[term] = inserted(terms[term], posting) if term in terms else posting
                changed.add(number)
        for number, data in list(self._unchanged_files(changed, changed_ids)):
            self.terms[number] = data
            changed.discard(number)
        for number in changed:
            # Terms added to a file go to their place in it; one before every file's first term starts file 0.
            self.terms[number] = dict(sorted(self.terms[number].items(), key=lambda item: utf16_order(item[0])))
        self._add_shown(language_documents)

    def files(self):
        """``{file name: bytes}``, names relative to ``<lang>/search/index/``."""
        files, firsts, posts = {}, [], {}
        emptied = 0
        for position, terms in enumerate(self.terms):
            if not terms:
                emptied += 1  # a file whose every term went: the files after it move down one number
                continue
            number = position - emptied
            if isinstance(terms, bytes) and not emptied:
                # As read, and at the same place: its hash is the one the root held.
                data, first, file_hash = terms, self.firsts[position], self.hashes[0][position]
            else:
                terms = script_arguments(terms, "terms")[2] if isinstance(terms, bytes) else terms
                data = _script("terms", self.language, number, terms, self.first_results(terms))
                first, file_hash = next(iter(terms)), _short_hash(data)
            files[f"t{number}.js"] = data
            firsts.append([first, file_hash])
        entries = [self.facets[post_id] for post_id in sorted(self.facets)]
        facets = _script("facets", self.language, {"posts": entries, **_facet_labels(entries)})
        files["facets.js"] = facets
        for number in sorted(self.posts):
            shown = self.posts[number]
            if isinstance(shown, bytes):
                data, file_hash = shown, self.hashes[1][number]
            elif shown:
                in_order = dict(sorted(shown.items(), key=lambda item: int(item[0])))
                data = _script("posts", self.language, number, in_order)
                file_hash = _short_hash(data)
            else:
                continue
            files[f"d{number}.js"] = data
            posts[str(number)] = file_hash
        files["root.js"] = _script("root", self.language, {
            "format": FORMAT, "count": len(entries), "perPage": settings.BAYAN_ITEMS_PER_PAGE,
            "postsPerFile": POSTS_PER_FILE, "terms": firsts, "posts": posts, "facets": _short_hash(facets),
            "lengths": self.lengths, "equivalents": equivalent_groups(),
        })
        return files


# {index folder: (hash of its facets file, {post id: facet entry})}: what this process last read or wrote
# there. A site's worker syncs again and again; parsing every post's facets anew was a tenth of a second.
_known_facets = {}


def _facets_of(data, base):
    """``{post id: facet entry}`` of the facets file ``data`` of the index in ``base``."""
    known = _known_facets.get(str(base))
    if known is not None and known[0] == _whole_hash(data):
        return dict(known[1])
    return {entry[0]: entry for entry in script_arguments(data, "facets")[1]["posts"]}


def _remember_facets(base, data, facets):
    _known_facets[str(base)] = (_whole_hash(data), dict(facets))


def _whole_hash(data):
    return hashlib.blake2b(data).digest()


def index_files(folder, post_ids, changed_ids=None):
    """``{name relative to the mirror: bytes}`` of every language's index, for the posts readers may see.

    With ``changed_ids`` (a sync), the index the mirror in ``folder`` holds is patched for those
    posts; without, or when the mirror has no index yet, it is built whole.
    """
    files = {}
    if changed_ids is not None and len(changed_ids) > MOST_POSTS_PATCHED:
        changed_ids = None
    if changed_ids is None:
        found = documents(post_ids)
    else:
        visible = set(post_ids)
        found = documents([post_id for post_id in changed_ids if post_id in visible])
    for language, _name in settings.LANGUAGES:
        index = None if changed_ids is None else LanguageIndex.read(folder, language)
        if index is None:
            if changed_ids is not None:
                return index_files(folder, post_ids)
            index = LanguageIndex.build(language, found.get(language, []))
        else:
            index.apply(changed_ids, found.get(language, []))
        for name, data in index.files().items():
            files[f"{language}/{INDEX_FOLDER}/{name}"] = data
        _remember_facets(Path(folder) / language / INDEX_FOLDER, files[f"{language}/{INDEX_FOLDER}/facets.js"],
                         index.facets)
    return files
