"""sitemap.xml: every public person's page, in each language."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Person
from .profile import person_address


class PersonSitemap(Sitemap):
    limit = 5000

    def __init__(self, language):
        self.language = language

    def items(self):
        return Person.objects.visible_to_readers().only("slug", "updated_at").order_by("pk")

    def location(self, person):
        return person_address(self.language, person.slug)

    def lastmod(self, person):
        return person.updated_at


def sitemaps():
    """The sitemap's sections of persons, by name."""
    return {f"persons-{code}": PersonSitemap(code) for code, _name in settings.LANGUAGES}
