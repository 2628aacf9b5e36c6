"""sitemap.xml: every public organisation's page, and the organisation index, in each language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from bayan.addresses import address_in

from .models import Organisation
from .signatory_list import organisation_address


class OrganisationSitemap(Sitemap):
    limit = 5000

    def __init__(self, language):
        self.language = language

    def items(self):
        # The index first (None), then every public organisation.
        return [None, *Organisation.objects.visible_to_readers().only("slug", "updated_at").order_by("pk")]

    def location(self, organisation):
        if organisation is None:
            return address_in(self.language, "statements:organisation-index")
        return organisation_address(self.language, organisation.slug)

    def lastmod(self, organisation):
        return organisation.updated_at if organisation is not None else None


def sitemaps():
    """The sitemap's sections of organisations, by language."""
    return {f"organisations-{code}": OrganisationSitemap(code) for code, _name in settings.LANGUAGES}
