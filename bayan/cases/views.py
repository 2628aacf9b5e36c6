"""Reader pages of case records: a person's page and the persons index."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from bayan.addresses import address_in
from bayan.identity.organisation import organisation
from bayan.newsroom.presentation import json_ld

from . import chart
from .index import PersonIndex, chosen_filters, person_rows
from .profile import person_address, person_context, person_data, public_person
from .timeline import today_in_site_time_zone

PORTRAIT = "fill-240x300"


def person(request, slug):
    """A public person's page; an internal or unknown person is the site's 404."""
    language = translation.get_language()
    found = public_person(slug)
    month_style = organisation(request, language).arabic_months
    address = person_address(language, found.slug)
    context = person_context(found, language, month_style)
    image = found.portrait_for_readers()
    rendition = image.get_rendition(PORTRAIT) if image else None
    context.update({
        "canonical_url": address,
        "alternates": [(code, person_address(code, found.slug)) for code, _name in settings.LANGUAGES
                       if code != language],
        "rendition": rendition,
        "feed_url": f"{address}feed/",
        "index_url": address_in(language, "cases:person-index"),
        # Addresses in structured data are the site's public ones, as the canonical link's.
        "structured_data": json_ld(person_data(found, language, settings.BASE_URL + address,
                                               _public_address(rendition.url) if rendition else None)),
    })
    return render(request, "cases/person.html", context)


def _public_address(url):
    """An image's address as readers reach it: media may already be served from elsewhere."""
    return url if url.startswith(("http://", "https://")) else settings.BASE_URL + url


def person_index(request, page=None):
    """Every public person, by name, filtered by status, role, year and place; the yearly chart on top."""
    language = translation.get_language()
    rows = person_rows(request)
    index = PersonIndex(language, rows, chosen_filters(request.GET, rows))
    if page == 1:
        return redirect(index.url(), permanent=True)
    number = page or 1
    listing = index.page(number)
    today = today_in_site_time_zone()
    yearly = chart.figures(request)
    month_style = organisation(request, language).arabic_months
    context = {
        "title": _("Persons"),
        "index": index,
        "page_obj": listing,
        "persons": index.listed(listing.object_list, today, month_style),
        "facets": index.facets(),
        "chips": index.chips(),
        "clear_url": index.url(1, {}),
        "canonical_url": index.url(number),
        "prev_url": index.url(number - 1) if listing.has_previous() else None,
        "next_url": index.url(number + 1) if listing.has_next() else None,
        "alternates": [(code, PersonIndex(code, rows, index.filters).url(number)) for code, _name in settings.LANGUAGES
                       if code != language],
        "page_range": [shown if isinstance(shown, int) else None
                       for shown in listing.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)],
        "yearly": yearly,
        "drawing": chart.drawing(yearly, right_to_left=translation.get_language_bidi()),
        "feed_url": f"{index.url(1, {})}feed/",
    }
    return render(request, "cases/person_index.html", context)
