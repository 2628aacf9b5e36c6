"""A joint statement's signatories where readers meet its post: after the text, in its JSON-LD, in feeds.

Registered with the newsroom's additions (``bayan.newsroom.additions``). Which posts are
statements at all is held per content generation, so a post that is not one costs no
query; the signatories of the statements among the posts asked about, with their
organisations, are read in one query whatever the number of posts or signatories (its SQL
built once when the posts are one post's page).

What readers see follows the rule of ``models.py``: public organisations are named (and
linked to their page), internal ones only counted; individuals are named with their title;
signatures approved after the list was frozen at publication are listed apart with their
date. Nothing here ever reads a submission.
"""

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext, ngettext

from bayan.addresses import ADDRESS_SAFE, slug_address
from bayan.cases.dates import PartialDate, Precision
from bayan.cases.display import date_at_precision
from bayan.database import PreparedLookup
from bayan.identity.organisation import organisation
from bayan.newsroom.additions import Addition
from bayan.pagecache.held import HeldPerGeneration

from .models import Signatory, Statement, Visibility, in_language

# A slug no organisation has (letters only, as the routes' slugs), replaced in the address by each one's.
_STAND_IN = "bayanorganisationstandin"
_statement_keys = HeldPerGeneration(lambda: frozenset(Statement.objects.values_list("translation_key", flat=True)))


def organisation_address(language, slug):
    """An organisation's page, ``/<lang>/organisation/<slug>/``."""
    return slug_address(language, "statements:organisation", slug)


@functools.lru_cache(maxsize=8)
def _organisation_address_parts(language):
    """What comes before and after the quoted slug in ``organisation_address(language, slug)``."""
    before, _stand_in, after = organisation_address(language, _STAND_IN).rpartition(_STAND_IN)
    return before, after


class Entry(NamedTuple):
    """One named signatory as the list shows it (a tuple: a list has hundreds, made on every page)."""

    name: str
    title: str = ""
    address: str = ""
    signed_on: object = None
    signed_on_text: str = ""
    is_person: bool = False


@dataclass
class SignatoryList:
    """A statement's list in one language: the named in order, the unnamed count, the late signatures."""

    named: list = field(default_factory=list)
    unnamed: int = 0
    late: list = field(default_factory=list)
    late_unnamed: int = 0

    @property
    def total(self):
        return len(self.named) + self.unnamed + len(self.late) + self.late_unnamed

    def everyone_named(self):
        return self.named + self.late


# What the list shows of each signature, read as plain rows: building a Signatory and its
# Organisation for each of a few hundred rows cost more than the rest of the post's page.
_ORDER = ("after_publication", "sort_order", "pk")
_COLUMNS = ("after_publication", "signed_on", "individual_name", "individual_title", "organisation_id",
            "organisation__slug", "organisation__name_en", "organisation__name_ar", "organisation__visibility")

# A post's page asks about one statement: its SQL is built once per database.
_signatures_of_one = PreparedLookup(
    lambda key: Signatory.objects.filter(statement__translation_key=key).order_by(*_ORDER).values_list(*_COLUMNS),
    names=("key",), uuids=("key",),
)


def _signatures(translation_keys):
    """``{translation key: rows}`` of the statements with these keys (``_COLUMNS``, in the list's order)."""
    if len(translation_keys) == 1:
        key, = translation_keys
        return {key: _signatures_of_one.rows(key=key)}
    found = {}
    rows = (Signatory.objects.filter(statement__translation_key__in=translation_keys)
            .order_by("statement__translation_key", *_ORDER).values_list("statement__translation_key", *_COLUMNS))
    for key, *row in rows:
        found.setdefault(key, []).append(row)
    return found


def signatory_lists(translation_keys, language, month_style=None):
    """``{translation key: SignatoryList}`` of the statements with these keys, in ``language`` (Arabic dates in
    ``month_style``), read in one query; a statement without signatories is left out."""
    address_before, address_after = _organisation_address_parts(language)
    lists = {}
    for key, rows in _signatures(translation_keys).items():
        found = lists[key] = SignatoryList()
        for (late, signed_on, individual_name, individual_title, organisation_id, slug, name_en, name_ar,
             visibility) in rows:
            if organisation_id is not None and visibility != Visibility.PUBLIC:
                if late:
                    found.late_unnamed += 1
                else:
                    found.unnamed += 1
                continue
            if isinstance(signed_on, str):  # SQLite's, read without Django's converters
                signed_on = date.fromisoformat(signed_on)
            # Only signatures after publication show their date: the others are not made to format one.
            signed_on_text = (date_at_precision(PartialDate(signed_on, Precision.DAY), language, month_style)
                              if late else "")
            if organisation_id is None:
                entry = Entry(individual_name, individual_title, "", signed_on, signed_on_text, True)
            else:
                address = f"{address_before}{quote(slug, safe=ADDRESS_SAFE)}{address_after}"
                entry = Entry(in_language(language, name_en, name_ar), "", address, signed_on, signed_on_text, False)
            (found.late if late else found.named).append(entry)
    return lists


def contributors(signatories):
    """schema.org ``contributor`` of the post: each named signatory as an Organization or a Person.

    Not ``author``: that is who wrote the post. Signing organisations put their name to a
    statement without writing it, which is what schema.org's contributor says.
    """
    found = []
    for entry in signatories.everyone_named():
        if entry.is_person:
            person = {"@type": "Person", "name": entry.name}
            if entry.title:
                person["jobTitle"] = entry.title
            found.append(person)
        else:
            found.append({"@type": "Organization", "name": entry.name, "url": settings.BASE_URL + entry.address})
    return found


def feed_text(signatories):
    """One plain-text paragraph for a feed item: how many signed, and who."""
    names = [entry.name + (f" ({entry.title})" if entry.title else "") for entry in signatories.everyone_named()]
    unnamed = signatories.unnamed + signatories.late_unnamed
    text = ngettext("Signed by %(count)d organisation or person:", "Signed by %(count)d organisations and persons:",
                    signatories.total) % {"count": signatories.total}
    text = f"{text} {gettext(', ').join(names)}"
    if unnamed:
        text += " " + ngettext("and %(count)d organisation that asked not to be named",
                               "and %(count)d organisations that asked not to be named", unnamed) % {"count": unnamed}
    return text.strip() + "."


def statement_additions(posts, language, request=None):
    """The newsroom's additions provider: the signatory list of each post that is a joint statement."""
    keys = _statement_keys.get(request)
    asked = [post for post in posts if post.translation_key in keys]
    if not asked:
        return {}
    month_style = organisation(request, language).arabic_months
    lists = signatory_lists({post.translation_key for post in asked}, language, month_style)
    template = get_template("statements/signatories.html")
    found = {}
    with translation.override(language):
        for post in asked:
            signatories = lists.get(post.translation_key)
            if signatories is None or not signatories.total:
                continue
            # Rendered without the request: the list needs none of the page's chrome.
            html = template.render({"signatories": signatories, "language_code": language})
            found[post.pk] = Addition(html=html, structured_data={"contributor": contributors(signatories)},
                                      feed_text=feed_text(signatories))
    return found
