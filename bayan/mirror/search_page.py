"""The copy's search page, ``/<lang>/search/``: the site's search form, searched in the browser.

The live site's search page needs its server; the copy's is rendered once per language from
``mirror/search.html`` with the page's usual chrome, and ``bayan/static/mirror/search-page.js``
fills it in from the copy's index files (``search_index``). It is rendered with the template
alone, not through the site's handler: the page cache must never hold this page for the
live site's own search address.
"""

import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from bayan.addresses import address_in
from bayan.search.query import MAX_WORDS

from .search_index import INDEX_FOLDER

# Numbers that stand for every plural form a language has (Arabic has six: 0, 1, 2, 3–10,
# 11–99, 100–102...); the page picks the message of the one whose form is its count's.
PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100)


def _plural(singular, plural, **placeholders):
    """``{sample: message}`` with each placeholder written ``{name}``, for the page to fill in."""
    values = {name: "{" + name + "}" for name in placeholders}
    return {str(sample): ngettext(singular, plural, sample) % values for sample in PLURAL_SAMPLES}


def messages():
    """What the page's script writes, in the active language."""
    return {
        "results": _plural("%(total)s result", "%(total)s results", total=True),
        "closeMatches": _plural("%(total)s close match", "%(total)s close matches", total=True),
        "noExact": gettext("No exact match for “%(query)s”; close spellings:") % {"query": "{query}"},
        "anyWord": gettext("No post has all of your words; these have some of them."),
        "closeApart": gettext("Close spellings of “%(query)s”, not exact matches:") % {"query": "{query}"},
        "noMore": gettext("There are no more results."),
        "nothing": gettext("Nothing matches your search. Try fewer words, another spelling, or the other language."),
        "withoutFilters": gettext("Search without filters."),
        "typeSomething": gettext("Type a word or a name to search for: common words such as “the” or “في” are "
                                 "not searched on their own."),
        "shortened": gettext("Long searches are shortened: only the first %(characters)s characters and "
                             "%(words)s words are searched.") % {"characters": settings.BAYAN_SEARCH_MAX_QUERY,
                                                                 "words": MAX_WORDS},
        "facets": {"language": gettext("Language"), "category": gettext("Category"), "year": gettext("Year"),
                   "tag": gettext("Tag"), "author": gettext("Author")},
        "narrow": gettext("Narrow the results"),
        "filters": gettext("Filters"),
        "removeFilter": gettext("Remove filter:"),
        "removeAll": gettext("Remove every filter"),
        "pages": gettext("Pages"),
        "previous": gettext("Previous results"),
        "next": gettext("More results"),
        "pageOf": gettext("Page %(number)s of %(total)s") % {"number": "{number}", "total": "{total}"},
        "searching": gettext("Searching this copy…"),
        "failed": gettext("This copy's search index could not be read. Browse the archives instead."),
        "languageNames": {code: str(name) for code, name in settings.LANGUAGES},
    }


def render(request, language):
    """The copy's search page of ``language`` as HTML text (its links still the site's, for the rewriter)."""
    with translation.override(language):
        request.LANGUAGE_CODE = language
        context = {
            "alternates": [(code, address_in(code, "search:search")) for code, _name in settings.LANGUAGES
                           if code != language],
            "max_query": settings.BAYAN_SEARCH_MAX_QUERY,
            # Every language's root and facets, fetched with the scripts rather than after them: a first
            # search then waits for its terms and results files only.
            "preloaded": [f"../../{code}/{INDEX_FOLDER}/{name}" for code, _name in settings.LANGUAGES
                          for name in ("root.js", "facets.js")],
            "search_settings": json.dumps({
                "language": language, "languages": [code for code, _name in settings.LANGUAGES],
                "root": "../../", "index": INDEX_FOLDER, "messages": messages(),
            }, ensure_ascii=False).replace("<", "\\u003c"),
        }
        return render_to_string("mirror/search.html", context, request=request)
