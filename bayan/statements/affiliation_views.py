"""Proposed affiliations, /admin/statements/affiliations/: confirm that a person belongs to an organisation.

A person of concern's free-text affiliation that names an organisation is proposed
(``affiliations``); here an editor (``statements.change_affiliationmatch``: editors and
administrators) sees each proposal with the words it came from and confirms or refuses it, one
at a time or the ticked ones at once. A confirmed affiliation lists the person on the organisation's page when both
are public. The person's name and affiliation are the editors' own record: internal persons
are shown here, and nowhere public.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from . import affiliations
from .admin_views import back_to_the_page
from .models import AffiliationMatch, ProposalState

PROPOSALS_PER_PAGE = 50


def may_confirm(user):
    return user.has_perm("statements.change_affiliationmatch")


def _confirmers_only(request):
    if not may_confirm(request.user):
        raise PermissionDenied


def _proposed():
    return AffiliationMatch.objects.filter(state=ProposalState.PROPOSED)


def proposals(request):
    """The proposed affiliations, a page at a time, oldest first."""
    _confirmers_only(request)
    waiting = _proposed().select_related("person", "organisation").order_by("created_at", "pk")
    page = Paginator(waiting, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    title = gettext("Affiliations to confirm")
    return TemplateResponse(request, "statements/affiliations.html", {
        "page": page, "page_title": title, "header_title": title, "header_icon": "user",
    })


@require_POST
def decide(request):
    """Confirm or refuse one proposal (``row`` button) or every ticked one (``bulk`` button)."""
    _confirmers_only(request)
    action, _colon, row_id = request.POST.get("row", "").partition(":")
    if not action:
        action = request.POST.get("bulk", "")
    chosen = [row_id] if row_id else request.POST.getlist("ticked")
    ids = [int(value) for value in chosen if value.isdigit()]
    if action not in ("confirm", "refuse") or not ids:
        messages.error(request, gettext("Nothing was decided: tick an affiliation and choose what to do."))
    else:
        count = affiliations.decide(_proposed().filter(pk__in=ids), action == "confirm", request.user)
        if action == "confirm":
            text = ngettext("%(count)d affiliation confirmed.", "%(count)d affiliations confirmed.", count)
        else:
            text = ngettext("%(count)d affiliation refused.", "%(count)d affiliations refused.", count)
        messages.success(request, text % {"count": count})
    return back_to_the_page(request, "statements_affiliations")


def admin_urls():
    """The proposals' admin addresses, under /admin/statements/affiliations/."""
    return [path("statements/affiliations/", proposals, name="statements_affiliations"),
            path("statements/affiliations/decide/", decide, name="statements_affiliations_decide")]


class AffiliationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_confirm(request.user) and _proposed().exists()


def menu_item():
    """Beside the Statements menu while proposals wait: the affiliations to confirm."""
    return AffiliationsMenuItem(gettext_lazy("Affiliations to confirm"), reverse("statements_affiliations"),
                                icon_name="user", order=263)
