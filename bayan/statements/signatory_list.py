"""A joint statement's signatories where readers meet its post: after the text, in its JSON-LD, in feeds.

Registered with the newsroom's additions (``bayan.newsroom.additions``). Which posts are
statements at all is held per content generation, so a post that is not one costs no
query; the statements among the posts asked about, and all their signatories with their
organisations, are read in two queries whatever the number of posts or signatories.

What readers see follows the rule of ``models.py``: public organisations are named (and
linked to their page), internal ones only counted; individuals are named with their title;
signatures approved after the list was frozen at publication are listed apart with their
date. Nothing here ever reads a submission.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext, ngettext

from bayan.addresses import slug_address
from bayan.cases.dates import PartialDate, Precision
from bayan.cases.display import date_at_precision
from bayan.identity.organisation import organisation
from bayan.newsroom.additions import Addition
from bayan.pagecache.held import HeldPerGeneration

from .models import Signatory, Statement, Visibility

_statement_keys = HeldPerGeneration(lambda: frozenset(Statement.objects.values_list("translation_key", flat=True)))


def organisation_address(language, slug):
    """An organisation's page, ``/<lang>/organisation/<slug>/``."""
    return slug_address(language, "statements:organisation", slug)


@dataclass(frozen=True)
class Entry:
    """One named signatory as the list shows it."""

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


def _entry(signatory, language, month_style):
    # Only signatures after publication show their date: the others are not made to format one.
    signed_on = (date_at_precision(PartialDate(signatory.signed_on, Precision.DAY), language, month_style)
                 if signatory.after_publication else "")
    if signatory.organisation_id is None:
        return Entry(signatory.individual_name, signatory.individual_title, signed_on=signatory.signed_on,
                     signed_on_text=signed_on, is_person=True)
    signer = signatory.organisation
    return Entry(signer.name_in(language), address=organisation_address(language, signer.slug),
                 signed_on=signatory.signed_on, signed_on_text=signed_on)


def signatory_lists(statement_ids, language, month_style=None):
    """``{statement id: SignatoryList}`` in ``language`` (Arabic dates in ``month_style``), read in one query."""
    lists = {pk: SignatoryList() for pk in statement_ids}
    signatories = (
        Signatory.objects.filter(statement_id__in=lists)
        .select_related("organisation")
        .only("statement_id", "sort_order", "after_publication", "signed_on", "individual_name",
              "individual_title", "organisation__slug", "organisation__name_en", "organisation__name_ar",
              "organisation__visibility")
        .order_by("statement_id", "after_publication", "sort_order", "pk")
    )
    for signatory in signatories:
        found = lists[signatory.statement_id]
        hidden = signatory.organisation_id is not None and signatory.organisation.visibility != Visibility.PUBLIC
        if signatory.after_publication:
            if hidden:
                found.late_unnamed += 1
            else:
                found.late.append(_entry(signatory, language, month_style))
        elif hidden:
            found.unnamed += 1
        else:
            found.named.append(_entry(signatory, language, month_style))
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
    statements = dict(Statement.objects.filter(translation_key__in={post.translation_key for post in asked})
                      .values_list("translation_key", "pk"))
    month_style = organisation(request, language).arabic_months
    lists = signatory_lists(statements.values(), language, month_style)
    template = get_template("statements/signatories.html")
    found = {}
    with translation.override(language):
        for post in asked:
            signatories = lists.get(statements.get(post.translation_key))
            if signatories is None or not signatories.total:
                continue
            # Rendered without the request: the list needs none of the page's chrome.
            html = template.render({"signatories": signatories, "language_code": language})
            found[post.pk] = Addition(html=html, structured_data={"contributor": contributors(signatories)},
                                      feed_text=feed_text(signatories))
    return found
