"""What an organisation's page shows: its names, what it is, every statement it signed, who it signs with.

Read in a fixed number of queries whatever the number of statements: the organisation,
its signatures on statements readers may see, those statements' posts readers may see,
the public organisations that signed the same statements, and the persons of concern
whose affiliation an editor matched to it.
"""

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext

from bayan.archives.archive import listed_post_ids
from bayan.cases.models import Person
from bayan.cases.profile import person_address
from bayan.newsroom.models import PostPage

from .directory import country_name, kind_label, statements_readers_see
from .models import AffiliationMatch, Organisation, ProposalState, Signatory, Visibility
from .signatory_list import organisation_address

MOST_CO_SIGNERS = 10


def public_organisation(slug):
    """The public organisation at ``slug``; an internal or unknown one is the same 404."""
    found = Organisation.objects.visible_to_readers().filter(slug=slug).select_related("logo").first()
    if found is None:
        raise Http404(gettext("There is no organisation here."))
    return found


def signed_statements(organisation, language, request=None):
    """The statements ``organisation`` signed that readers may see, newest first, each as one post.

    The post in ``language`` when readers may see it, else a translation they may see (its
    language told, so the page can mark it). Each item: (post, signed after publication).
    """
    signatures = dict(Signatory.objects.filter(organisation=organisation,
                                               statement__in=statements_readers_see(request))
                      .values_list("statement__translation_key", "after_publication"))
    if not signatures:
        return []
    # The readers' rule as the listing entries store it (``listed_post_ids``): one index range, where
    # ``visible_to_readers`` tests every post's view restrictions.
    posts = (PostPage.objects.filter(translation_key__in=signatures, pk__in=listed_post_ids())
             .select_related("locale", "category").only(
                 "id", "title", "slug", "date", "listing_title", "listing_excerpt", "translation_key",
                 "locale__language_code", "category__name", "category__slug", "category__locale_id"))
    chosen = {}
    for post in posts:
        current = chosen.get(post.translation_key)
        if current is None or (post.locale.language_code == language and current.locale.language_code != language):
            chosen[post.translation_key] = post
    ordered = sorted(chosen.values(), key=lambda post: (post.date, post.pk), reverse=True)
    return [(post, signatures[post.translation_key]) for post in ordered]


def co_signers(organisation, language, request=None):
    """The public organisations that signed the most statements with ``organisation``: (name, address, count)."""
    statements = Signatory.objects.filter(organisation=organisation,
                                          statement__in=statements_readers_see(request)).values("statement")
    rows = (Signatory.objects.filter(statement__in=statements, organisation__visibility=Visibility.PUBLIC)
            .exclude(organisation=organisation)
            .values_list("organisation__slug", "organisation__name_en", "organisation__name_ar")
            .annotate(together=Count("statement", distinct=True)))
    counted = {(slug, name_en, name_ar): together for slug, name_en, name_ar, together in rows}
    best = sorted(counted.items(), key=lambda item: (-item[1], item[0][1] or item[0][2]))[:MOST_CO_SIGNERS]
    return [((name_ar or name_en) if language == "ar" else (name_en or name_ar),
             organisation_address(language, slug), count) for (slug, name_en, name_ar), count in best]


def affiliated_persons(organisation, language):
    """Public persons of concern whose affiliation an editor matched to ``organisation``: (name, address)."""
    persons = Person.objects.visible_to_readers().filter(pk__in=AffiliationMatch.objects.filter(
        organisation=organisation, state=ProposalState.ACCEPTED).values("person")).only("slug", "name_en", "name_ar")
    return sorted(((person.name_in(language), person_address(language, person.slug)) for person in persons),
                  key=lambda item: item[0].casefold())


def organisation_data(organisation, language, address, logo_address=None):
    """schema.org ``Organization`` for the page's JSON-LD."""
    data = {"@context": "https://schema.org", "@type": "Organization", "name": organisation.name_in(language),
            "url": address}
    other_names = [name for name in organisation.all_names() if name != data["name"]]
    if other_names:
        data["alternateName"] = other_names
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.country:
        data["location"] = {"@type": "Country", "name": country_name(organisation.country, language)}
    if logo_address:
        data["logo"] = logo_address
    return data


def organisation_context(organisation, language, request=None):
    """The template context of an organisation's page (without the chrome's)."""
    other_language = "en" if language == "ar" else "ar"
    other_name = organisation.name_in(other_language)
    return {
        "organisation": organisation,
        "name": organisation.name_in(language),
        "other_name": other_name if other_name != organisation.name_in(language) else "",
        "other_language": other_language,
        "short_name": organisation.short_name_in(language),
        "kind": kind_label(organisation.kind, language),
        "country": country_name(organisation.country, language),
        "statements": signed_statements(organisation, language, request),
        "co_signers": co_signers(organisation, language, request),
        "persons": affiliated_persons(organisation, language),
        "base_url": settings.BASE_URL,
    }
