"""Organisations in the site search: the public organisations whose names match the words searched.

Matched as persons are (``bayan.cases.person_search.PersonsByName``): every word searched
that is part of some organisation's names must be part of its names, short names or
aliases, in either script, by key or else by sound, so that «لجنة حماية الصحفيين», CPJ and
"Committee to Protect Journalists" all find the same organisation. Only public
organisations are read, once per content generation: an internal one is found by nothing.
"""

from django.utils.translation import gettext

from bayan.cases.person_search import MOST_SHOWN, PersonsByName
from bayan.pagecache.held import HeldPerGeneration
from bayan.search.models import SearchEquivalent
from bayan.search.sections import Result, Section

from .directory import kind_label
from .models import Organisation
from .signatory_list import organisation_address


def _load():
    organisations = Organisation.objects.visible_to_readers().only(
        "pk", "slug", "name_en", "name_ar", "short_name_en", "short_name_ar", "kind", "match_terms")
    groups = [group.word_list() for group in SearchEquivalent.objects.only("words")]
    return PersonsByName(organisations, groups)


_held = HeldPerGeneration(_load)


def _result(organisation, language):
    own = organisation.name_ar if language == "ar" else organisation.name_en
    other_language = "en" if language == "ar" else "ar"
    other = organisation.name_in(other_language)
    details = [other if other != organisation.name_in(language) else "", organisation.short_name_in(language),
               kind_label(organisation.kind, language)]
    return Result(title=organisation.name_in(language), url=organisation_address(language, organisation.slug),
                  detail=" · ".join(part for part in details if part),
                  language=language if own else other_language)


def organisations_section(query_text, language, request=None):
    """The search page's section of organisations whose names match ``query_text``."""
    exact, close = _held.get(request).find(query_text)
    found = (exact + close)[:MOST_SHOWN]
    if not found:
        return None
    return Section(name="organisations", title=gettext("Organisations"),
                   results=[_result(organisation, language) for organisation in found])
