"""The reader's search page, ``/<lang>/search/?q=...``, with facet links and pagination."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bayan.addresses import address_in
from bayan.pagecache.held import generation_token
from bayan.pagecache.middleware import will_be_stored

from . import searching, sections
from .query import MAX_WORDS, looks_empty


def _page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 10_000 else 1


def _address(params):
    pairs = [(name, value) for name, values in params.items() for value in values if value not in ("", None)]
    return "?" + urlencode(pairs) if pairs else "?"


def _facet_titles():
    """Each facet's name and its heading, in the order the page shows them."""
    return (("language", _("Language")), ("category", _("Category")), ("year", _("Year")),
            ("tag", _("Tag")), ("author", _("Author")))


def _chips(chosen, facets, removed):
    """The reader's active filters as (facet heading, value's label, address without it), in the facets' order.

    Labels come from the facet values already counted: no query. With no result the
    facets are not counted, and a category, tag or author shows its heading alone.
    """
    names = dict(settings.LANGUAGES)
    chips = []
    for name, title in _facet_titles():
        labels = {value.value: value.label for value in facets.get(name, [])}
        for value in chosen.get(name, []):
            label = labels.get(str(value)) or (names.get(value) if name == "language" else None)
            chips.append((title, label or (str(value) if name == "year" else ""), removed(name, str(value))))
    return chips


def _elsewhere(request_language, text):
    """The same search on each other language's page, for a reader who found nothing here."""
    query = _address({"q": [text]}) if text else ""
    return [(code, name, address_in(code, "search:search") + query)
            for code, name in settings.LANGUAGES if code != request_language]


def _alternates(state):
    """The same search on each other language's page: the query and the filters that mean the same there.

    Languages, years and authors are the same everywhere; a category's or a tag's id names
    one language's term, so those filters stay behind.
    """
    kept = {name: values for name, values in state.items() if name not in ("category", "tag")}
    query = _address(kept)
    return [(code, address_in(code, "search:search") + (query if query != "?" else ""))
            for code, _name in settings.LANGUAGES if code != get_language()]


def search_page(request):
    filters = {name: request.GET.getlist(name) for name in searching.FACETS}
    page = _page_number(request.GET.get("page"))
    # A page the page cache will keep whole needs no second copy of its results in memory.
    results = searching.search(request.GET.get("q", ""), filters, page=page, keep=not will_be_stored(request),
                               generation=generation_token(request))
    # The query as it was searched: cleaned and cut (query.clean), shown in the box and carried by every link.
    text = results.query.raw
    chosen = searching.clean_filters(filters)
    state = {"q": [text], **{name: [str(value) for value in values] for name, values in chosen.items()}}

    def toggled(name, value):
        values = list(state.get(name, []))
        values = [other for other in values if other != value] if value in values else values + [value]
        return _address({**state, name: values})

    facets = []
    for name, title in _facet_titles():
        values = [(value, toggled(name, value.value)) for value in results.facets.get(name, [])]
        if values:
            facets.append((title, values))
    last_page = -(-results.total // settings.BAYAN_ITEMS_PER_PAGE)
    context = {
        "query_text": text,
        "shortened": results.query.shortened,
        "max_query": settings.BAYAN_SEARCH_MAX_QUERY,
        "max_words": MAX_WORDS,
        "results": results,
        "facets": facets,
        "page_number": page,
        "prev_url": _address({**state, "page": [str(page - 1)]}) if page > 1 else None,
        "next_url": _address({**state, "page": [str(page + 1)]}) if page < last_page else None,
        "last_page": last_page,
        "nothing_to_search": looks_empty(text),
        "clear_url": _address({"q": [text]}),
        "any_filter": bool(chosen),
        "chips": _chips(chosen, results.facets, toggled),
        "elsewhere": _elsewhere(get_language(), text),
        "alternates": _alternates(state),
        # What other apps find for the same words (persons...), above the posts, on the first page only.
        "sections": sections.sections_for(text, get_language(), request) if page == 1 and not looks_empty(text) else [],
    }
    return render(request, "search/search.html", context)
