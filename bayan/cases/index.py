"""The persons index: every public person, filtered by status, role, year and place, with counts.

Everything the index shows of a person (names, roles, status, dates) is kept per content
generation (``HeldPerGeneration``): every change to a person or an event starts a new one,
so a page of the index, filtered or not, costs no query of its own beyond reading the
generation, however many persons there are. Filtering and counting are done on those rows,
and their results are kept too for the few combinations readers ask for.
"""

import functools
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext, pgettext

from bayan.addresses import address_in, slug_address
from bayan.archives.collation import sort_key
from bayan.pagecache.held import HeldPerGeneration

from .dates import PartialDate, Precision
from .display import days_sentence, status_label, status_sentence
from .models import Person, Role
from .timeline import Status

# The filters, in the order their values are offered and written in addresses.
FACETS = ("status", "role", "year", "place")
# Places are free text: only the most frequent are offered as filters, beside a chosen one.
PLACES_OFFERED = 20
# How many filter combinations keep their results per generation (readers ask for few).
KEPT_SELECTIONS = 256


@dataclass(frozen=True)
class PersonRow:
    """What a list shows of a public person, read once per content generation."""

    pk: int
    slug: str
    name_en: str
    name_ar: str
    role_ids: tuple
    status: str
    status_since: date | None
    status_since_precision: str
    status_year: int | None
    status_place: str
    deprived_since: date | None
    deprived_since_precision: str
    cause_type: str

    def name_in(self, language):
        own, other = (self.name_ar, self.name_en) if language == "ar" else (self.name_en, self.name_ar)
        return own or other

    def value(self, facet):
        """The row's value for one filter (a tuple of role ids for ``role``)."""
        if facet == "status":
            return self.status
        if facet == "role":
            return self.role_ids
        if facet == "year":
            return self.status_year
        return self.status_place

    @property
    def since(self):
        return _partial_date(self.status_since, self.status_since_precision)

    @property
    def deprived_since_date(self):
        return _partial_date(self.deprived_since, self.deprived_since_precision)


def _partial_date(first_day, precision):
    return None if first_day is None else PartialDate(first_day, precision or Precision.DAY)


class PersonRows:
    """The public persons of one generation, in each language's order, and the roles they have."""

    def __init__(self, rows, roles):
        self.rows = rows
        self.roles = roles
        self.roles_by_slug = {role.slug: role for role in roles.values()}
        self.years = {row.status_year for row in rows if row.status_year}
        self.places = {row.status_place for row in rows if row.status_place}
        self._orders = {}
        self._selections = {}
        self._lock = threading.Lock()

    def in_order(self, language):
        """The rows sorted by name as readers of ``language`` expect."""
        if language not in self._orders:
            # Namesakes keep one order, the order they were entered in.
            self._orders[language] = sorted(self.rows,
                                            key=lambda row: (sort_key(row.name_in(language), language), row.pk))
        return self._orders[language]

    def selection(self, language, filters):
        """(the rows matching every filter, in order; the counts of each facet's values under the other filters)."""
        key = (language, tuple(sorted(filters.items())))
        with self._lock:
            found = self._selections.get(key)
        if found is None:
            found = self._select(language, filters)
            with self._lock:
                if len(self._selections) >= KEPT_SELECTIONS:
                    self._selections.clear()
                self._selections[key] = found
        return found

    def _select(self, language, filters):
        rows = self.in_order(language)
        matching = [row for row in rows if _matches(row, filters)]
        counts = {}
        for facet in FACETS:
            # A facet's counts are those of the other filters: choosing a status shows how many of
            # each status there are among the chosen role, not only the chosen status's own.
            others = {name: value for name, value in filters.items() if name != facet}
            counter = Counter()
            for row in rows:
                if _matches(row, others):
                    value = row.value(facet)
                    counter.update(value if facet == "role" else [value])
            counts[facet] = counter
        return matching, counts


def _matches(row, filters):
    for facet, wanted in filters.items():
        value = row.value(facet)
        if facet == "role":
            if wanted not in value:
                return False
        elif value != wanted:
            return False
    return True


def _load_rows():
    fields = ["pk", "slug", "name_en", "name_ar", "status", "status_since", "status_since_precision", "status_year",
              "status_place", "deprived_since", "deprived_since_precision", "status_event__type"]
    persons = Person.objects.visible_to_readers().order_by().values_list(*fields)
    role_links = Person.roles.through.objects.filter(person__visibility="public").values_list("person_id", "role_id")
    roles_of = {}
    for person_id, role_id in role_links:
        roles_of.setdefault(person_id, []).append(role_id)
    roles = {role.pk: role for role in Role.objects.all()}
    order = {pk: position for position, pk in enumerate(roles)}
    rows = [
        PersonRow(pk, slug, name_en, name_ar, tuple(sorted(roles_of.get(pk, ()), key=order.get)), status, since,
                  since_precision, year, place or "", deprived, deprived_precision, cause_type or "")
        for (pk, slug, name_en, name_ar, status, since, since_precision, year, place, deprived, deprived_precision,
             cause_type) in persons
    ]
    return PersonRows(rows, roles)


_held_rows = HeldPerGeneration(_load_rows)


def person_rows(request):
    """This generation's public persons (one query for the generation's token, none more once held)."""
    return _held_rows.get(request)


def chosen_filters(query, person_rows):
    """The filters of a query string that name something a person has: other values are left out, never an error."""
    filters = {}
    status = query.get("status", "")
    if status in Status.ALL:
        filters["status"] = status
    role = person_rows.roles_by_slug.get(query.get("role", ""))
    if role is not None:
        filters["role"] = role.pk
    year = query.get("year", "")
    if year.isascii() and year.isdigit() and int(year) in person_rows.years:
        filters["year"] = int(year)
    place = query.get("place", "").strip()
    if place in person_rows.places:
        filters["place"] = place
    return filters


@dataclass
class FacetValue:
    label: str
    count: int
    selected: bool


class PersonIndex:
    """One page of the persons index in one language, under the chosen filters."""

    def __init__(self, language, rows, filters):
        self.language = language
        self.rows = rows
        self.filters = filters

    @functools.cached_property
    def _selection(self):
        # Only the index being shown filters and counts; its other languages' addresses need neither.
        return self.rows.selection(self.language, self.filters)

    @property
    def matching(self):
        return self._selection[0]

    @property
    def counts(self):
        return self._selection[1]

    def url(self, page_number=1, filters=None):
        """The index's address with ``filters`` (the chosen ones by default), at page ``page_number``."""
        filters = self.filters if filters is None else filters
        base = address_in(self.language, "cases:person-index")
        if page_number != 1:
            base = address_in(self.language, "cases:person-index-page", (("page", page_number),))
        query = urlencode([(facet, self._written(facet, filters[facet])) for facet in FACETS if facet in filters])
        return f"{base}?{query}" if query else base

    def _written(self, facet, value):
        return self.rows.roles[value].slug if facet == "role" else value

    def page(self, number):
        """Page ``number`` of the matching persons, or Http404 past the end."""
        paginator = Paginator(self.matching, settings.BAYAN_ITEMS_PER_PAGE)
        try:
            return paginator.page(number)
        except InvalidPage:
            raise Http404(gettext("There is no page %(number)s here.") % {"number": number}) from None

    def label(self, facet, value):
        """How a filter's value reads in the page's language."""
        if facet == "status":
            return status_label(value, self.language)
        if facet == "role":
            return self.rows.roles[value].name_in(self.language)
        return str(value)

    def titles(self):
        """Each filter's name in the page's language."""
        with translation.override(self.language):
            return {"status": pgettext("persons filter", "Status"), "role": pgettext("persons filter", "Role"),
                    "year": pgettext("persons filter", "Year"), "place": pgettext("persons filter", "Place")}

    def facets(self):
        """Each filter's title and its (value, address) pairs, with counts; a chosen value's address removes it."""
        titles = self.titles()
        found = []
        for facet in FACETS:
            values = [(FacetValue(self.label(facet, value), count, self.filters.get(facet) == value),
                       self._toggled(facet, value))
                      for value, count in self._ordered(facet) if value not in (None, "")]
            if values:
                found.append((titles[facet], values))
        return found

    def _ordered(self, facet):
        counts = self.counts[facet]
        if facet == "status":
            return [(status, counts[status]) for status in Status.ALL if counts[status]]
        if facet == "role":
            return [(pk, counts[pk]) for pk in self.rows.roles if counts[pk]]
        if facet == "year":
            return sorted(counts.items(), key=lambda item: -(item[0] or 0))
        offered = sorted(counts.items(), key=lambda item: (-item[1], sort_key(item[0], self.language)))
        chosen = self.filters.get("place")
        top = offered[:PLACES_OFFERED]
        if chosen and chosen not in dict(top):
            top.append((chosen, counts[chosen]))
        return top

    def _toggled(self, facet, value):
        filters = dict(self.filters)
        if filters.get(facet) == value:
            del filters[facet]
        else:
            filters[facet] = value
        return self.url(1, filters)

    def chips(self):
        """(filter title, value, the address without it) for each chosen filter."""
        titles = self.titles()
        return [(titles[facet], self.label(facet, self.filters[facet]), self._toggled(facet, self.filters[facet]))
                for facet in FACETS if facet in self.filters]

    def listed(self, rows, today, month_style):
        """What the index shows of each person of a page: name, roles, status and since when, days."""
        listed = []
        for row in rows:
            deprived = row.deprived_since_date
            days = max((today - deprived.first_day).days, 0) if deprived else None
            listed.append({
                "name": row.name_in(self.language),
                "address": slug_address(self.language, "cases:person", row.slug),
                "roles": [self.rows.roles[pk].name_in(self.language) for pk in row.role_ids],
                "status": row.status,
                "status_label": status_label(row.status, self.language),
                "status_sentence": status_sentence(row.status, row.since, row.cause_type, self.language, month_style),
                "days": days_sentence(days, deprived is not None and deprived.is_approximate, self.language),
            })
        return listed
