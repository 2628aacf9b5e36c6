"""Reader pages of joint statements' signers: an organisation's page and the organisation index."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from bayan.newsroom.presentation import json_ld

from .directory import OrganisationIndex, public_organisations
from .profile import organisation_context, organisation_data, public_organisation
from .signatory_list import organisation_address

LOGO = "max-240x120"


def organisation(request, slug):
    """A public organisation's page; an internal or unknown one is the site's 404."""
    language = translation.get_language()
    found = public_organisation(slug)
    address = organisation_address(language, found.slug)
    rendition = found.logo.get_rendition(LOGO) if found.logo_id else None
    context = organisation_context(found, language, request)
    logo_address = None
    if rendition:
        logo_address = rendition.url if rendition.url.startswith(("http://", "https://")) else (
            settings.BASE_URL + rendition.url)
    context.update({
        "canonical_url": address,
        "alternates": [(code, organisation_address(code, found.slug)) for code, _name in settings.LANGUAGES
                       if code != language],
        "rendition": rendition,
        "structured_data": json_ld(organisation_data(found, language, settings.BASE_URL + address, logo_address)),
    })
    return render(request, "statements/organisation.html", context)


def organisation_index(request, page=None):
    """Every public organisation by name, filtered by country and kind, with counts beside each value."""
    language = translation.get_language()
    rows = public_organisations(request)
    index = OrganisationIndex(language, rows, request.GET)
    if page == 1:
        return redirect(index.url(), permanent=True)
    number = page or 1
    listing = index.page(number)
    context = {
        "title": _("Organisations"),
        "index": index,
        "page_obj": listing,
        "organisations": index.listed(listing.object_list),
        "facets": index.facets(),
        "chips": index.chips(),
        "clear_url": index.url(1, {}),
        "canonical_url": index.url(number),
        "prev_url": index.url(number - 1) if listing.has_previous() else None,
        "next_url": index.url(number + 1) if listing.has_next() else None,
        "alternates": [(code, OrganisationIndex(code, rows, index.filters).url(number))
                       for code, _name in settings.LANGUAGES if code != language],
        "page_range": [shown if isinstance(shown, int) else None
                       for shown in listing.paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)],
    }
    return render(request, "statements/organisation_index.html", context)
