"""The organisations readers see, with how many statements each signed, and their index page.

An organisation list is short (tens to a few thousand rows), so the public organisations and
the number of visible statements each signed are read once per content generation
(``HeldPerGeneration``) and the index filters, counts and pages them in memory: a request
costs no query of its own. A statement counts while at least one of its posts is visible to
readers (``PostQuerySet.visible_to_readers``); the generation ends when a scheduled post
comes due, so the counts follow publication too.
"""

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from bayan.addresses import address_in
from bayan.archives.archive import listed_post_ids
from bayan.archives.collation import sort_key
from bayan.newsroom.models import PostPage
from bayan.pagecache.held import HeldPerGeneration

from .models import Kind, Organisation, Signatory, Statement, in_language
from .signatory_list import organisation_address

FILTERS = ("country", "kind")


def visible_statement_ids():
    """The statements at least one of whose posts readers may see now (through the listing entries:
    ``archives.archive.listed_post_ids``, the readers' rule as stored).

    Asked of each statement (its posts found by their translation key), not of every post readers
    may see: there are far fewer statements than posts.
    """
    posts = PostPage.objects.filter(translation_key=OuterRef("translation_key"), pk__in=listed_post_ids())
    return Statement.objects.filter(Exists(posts)).values("pk")


@dataclass(frozen=True)
class Listed:
    """What the directory keeps of a public organisation."""

    pk: int
    slug: str
    name_en: str
    name_ar: str
    short_name_en: str
    short_name_ar: str
    kind: str
    country: str
    statements: int

    def name_in(self, language):
        return in_language(language, self.name_en, self.name_ar)

    def short_name_in(self, language):
        return in_language(language, self.short_name_en, self.short_name_ar)


_held_statement_ids = HeldPerGeneration(lambda: frozenset(visible_statement_ids().values_list("pk", flat=True)))


def statements_readers_see(request=None):
    """The ids of the statements readers may see (``visible_statement_ids``), read once per content generation.

    Every change to a statement, its posts or their listing entries starts a new generation, and so
    does a post coming due: the ids never outlive what they were read from.
    """
    return _held_statement_ids.get(request)


def _load():
    signed = dict(Signatory.objects.filter(statement__in=visible_statement_ids(), organisation__isnull=False)
                  .values("organisation").annotate(number=Count("statement", distinct=True))
                  .values_list("organisation", "number"))
    return [
        Listed(pk, slug, name_en, name_ar, short_en, short_ar, kind, country, signed.get(pk, 0))
        for pk, slug, name_en, name_ar, short_en, short_ar, kind, country in
        Organisation.objects.visible_to_readers().order_by("pk").values_list(
            "pk", "slug", "name_en", "name_ar", "short_name_en", "short_name_ar", "kind", "country")
    ]


_held = HeldPerGeneration(_load)


def public_organisations(request=None):
    """Every public organisation as ``Listed``, with its count of visible statements signed."""
    return _held.get(request)


def country_name(code, language):
    """A country's name in ``language`` (django-countries translates them), or the code when unknown."""
    if not code:
        return ""
    with translation.override(language):
        return str(countries.name(code)) or code


def kind_label(kind, language):
    with translation.override(language):
        return str(Kind(kind).label) if kind in Kind.values else kind


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    selected: bool


class OrganisationIndex:
    """One page of the organisation index in one language, under the chosen filters."""

    def __init__(self, language, rows, query):
        self.language = language
        self.rows = rows
        self.filters = self._chosen(query)
        self.matching = sorted((row for row in rows if self._keeps(row, self.filters)),
                               key=lambda row: (sort_key(row.name_in(language), language), row.pk))

    def _chosen(self, query):
        """The filters asked for that name a value some organisation has; the rest are ignored."""
        known = {"country": {row.country for row in self.rows if row.country},
                 "kind": {row.kind for row in self.rows}}
        return {name: query.get(name) for name in FILTERS if query.get(name) in known[name]}

    @staticmethod
    def _keeps(row, filters):
        return all(getattr(row, name) == value for name, value in filters.items())

    def url(self, page_number=1, filters=None):
        """The index's address with ``filters`` (the chosen ones by default), at page ``page_number``."""
        filters = self.filters if filters is None else filters
        base = (address_in(self.language, "statements:organisation-index") if page_number == 1 else
                address_in(self.language, "statements:organisation-index-page", (("page", page_number),)))
        query = urlencode([(name, filters[name]) for name in FILTERS if name in filters])
        return f"{base}?{query}" if query else base

    def page(self, number):
        """The page ``number`` of the matching organisations; 404 past the end (page 1 always exists)."""
        paginator = Paginator(self.matching, settings.BAYAN_ITEMS_PER_PAGE, allow_empty_first_page=True)
        try:
            return paginator.page(number)
        except EmptyPage:
            raise Http404(gettext("There is no such page.")) from None

    def label(self, name, value):
        return country_name(value, self.language) if name == "country" else kind_label(value, self.language)

    def titles(self):
        with translation.override(self.language):
            return {"country": gettext("Country"), "kind": gettext("Kind")}

    def _toggled(self, name, value):
        filters = dict(self.filters)
        if filters.get(name) == value:
            del filters[name]
        else:
            filters[name] = value
        return self.url(1, filters)

    def facets(self):
        """Each filter's title and its (value, address) pairs, counted under the other chosen filters."""
        titles = self.titles()
        found = []
        for name in FILTERS:
            others = {key: value for key, value in self.filters.items() if key != name}
            counts = Counter(getattr(row, name) for row in self.rows if self._keeps(row, others))
            counts.pop("", None)
            values = sorted(counts.items(), key=lambda item: (-item[1], sort_key(self.label(name, item[0]),
                                                                                   self.language)))
            if values:
                found.append((titles[name], [
                    (FacetValue(self.label(name, value), count, self.filters.get(name) == value),
                     self._toggled(name, value)) for value, count in values]))
        return found

    def chips(self):
        """(filter title, value, the address without it) for each chosen filter."""
        titles = self.titles()
        return [(titles[name], self.label(name, value), self._toggled(name, value))
                for name, value in self.filters.items()]

    def listed(self, rows):
        """What the index shows of each organisation of a page."""
        return [{"name": row.name_in(self.language), "short_name": row.short_name_in(self.language),
                 "address": organisation_address(self.language, row.slug),
                 "kind": kind_label(row.kind, self.language),
                 "country": country_name(row.country, self.language),
                 "statements": row.statements} for row in rows]
