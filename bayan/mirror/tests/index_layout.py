"""What a sync's patched search index must equal: a full build, cut and weighed as the patched index is.

A sync keeps two things of the index's last full build until the next one (see
``bayan.mirror.search_index``): the column lengths BM25 weighs against, and where the terms
files are cut (the first term of each). A new word goes into the file whose range holds it,
even when a full build would start a file of its own there. So a patched index equals a full
build of the same posts with the patched index's lengths and cuts, byte for byte.
"""

from bisect import bisect_right

from bayan.mirror.postings import utf16_order
from bayan.mirror.search_index import LanguageIndex


def built_as_patched(folder, language, language_documents):
    """``{file name: bytes}`` of a full build of ``language_documents``, cut and weighed as the index in ``folder``."""
    kept = LanguageIndex.read(folder, language)
    built = LanguageIndex.build(language, language_documents, kept.lengths)
    terms = {term: postings for terms_file in built.terms for term, postings in terms_file.items()}
    keys = [utf16_order(first) for first in kept.firsts]
    cut = [{} for _key in keys]
    for term in sorted(terms, key=utf16_order):
        cut[max(0, bisect_right(keys, utf16_order(term)) - 1)][term] = terms[term]
    built.terms = [terms_file for terms_file in cut if terms_file]
    built.firsts = [next(iter(terms_file)) for terms_file in built.terms]
    return built.files()
