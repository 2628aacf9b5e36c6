"""Detected signatory lists, /admin/statements/detected/: review, correct and accept or reject them.

``bayan statements-detect`` stores the lists it finds at the end of imported posts; here an
editor (``statements.change_statement``) sees each post's list with, for every name, the
organisations it may be, and chooses per name: the proposed organisation, another one (from the
matches, or typed), a new organisation of that name, or leaving the name out. One list or the
ticked lists are then accepted or rejected at once; decisions go through ``detection_review``.
A choice that cannot be understood (a typed organisation that is not found, or found twice)
leaves that post's list waiting, with a message naming the post and the name.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from . import detection_review
from .admin_views import back_to_the_page, organisations_matching
from .matching import matches
from .models import Organisation

LISTS_PER_PAGE = 20
CANDIDATES_AT_MOST = 4


class UnclearChoice(ValueError):
    """A typed organisation that names none, or more than one."""


def may_review(user):
    return user.has_perm("statements.change_statement")


def _reviewers_only(request):
    if not may_review(request.user):
        raise PermissionDenied


def _organisations():
    return list(Organisation.objects.only("pk", "name_en", "name_ar", "short_name_en", "match_terms"))


def detected(request):
    """The posts whose detected list waits, a page at a time, each name with its likely organisations."""
    _reviewers_only(request)
    page = Paginator(detection_review.waiting_posts(), LISTS_PER_PAGE).get_page(request.GET.get("page"))
    organisations = _organisations()
    lists = [(post, [(row, [match.organisation for match in matches(row.name, organisations)][:CANDIDATES_AT_MOST])
                     for row in rows])
             for post, rows in detection_review.lists_of(list(page.object_list)).items()]
    title = gettext("Detected signatories")
    return TemplateResponse(request, "statements/detected.html", {
        "lists": lists, "page": page, "page_title": title, "header_title": title, "header_icon": "group",
    })


def _typed_organisation(post, row, typed):
    found = list(Organisation.objects.filter(organisations_matching(typed))[:2])
    if len(found) != 1:
        problem = gettext("no organisation is called") if not found else gettext("more than one organisation is called")
        raise UnclearChoice(gettext("“%(post)s”, name %(place)d (%(name)s): %(problem)s “%(typed)s”.") % {
            "post": post.title, "place": row.position + 1, "name": row.name, "problem": problem, "typed": typed})
    return found[0]


def _choices(request, post, rows):
    """``{row id: choice}`` from the form's fields for ``rows``: ``choice-<id>`` and ``other-<id>``."""
    choices = {}
    for row in rows:
        typed = request.POST.get(f"other-{row.pk}", "").strip()[:200]
        value = request.POST.get(f"choice-{row.pk}", "")
        if typed:
            choices[row.pk] = _typed_organisation(post, row, typed)
        elif value in (detection_review.NEW, detection_review.LEAVE_OUT):
            choices[row.pk] = value
        elif value.isdigit():
            organisation = Organisation.objects.filter(pk=int(value)).first()
            if organisation is not None:
                choices[row.pk] = organisation
    return choices


@require_POST
def decide(request):
    """Accept or reject one list (``row`` button) or every ticked list (``bulk`` button)."""
    _reviewers_only(request)
    action, _colon, post_id = request.POST.get("row", "").partition(":")
    if not action:
        action = request.POST.get("bulk", "")
    chosen = [post_id] if post_id else request.POST.getlist("ticked")
    ids = [int(value) for value in chosen if value.isdigit()]
    lists = detection_review.lists_of(ids)
    organisations = _organisations()
    accepted = rejected = waiting = 0
    for post, rows in lists.items():
        if action == "reject":
            detection_review.reject(post, request.user)
            rejected += 1
        elif action == "accept":
            try:
                choices = _choices(request, post, rows)
            except UnclearChoice as problem:
                messages.error(request, gettext("Left waiting: %(problem)s") % {"problem": problem})
                waiting += 1
                continue
            detection_review.accept(post, request.user, choices, organisations)
            accepted += 1
    if not accepted and not rejected and not waiting:
        messages.error(request, gettext("Nothing was decided: tick a list and choose what to do."))
    _report(request, accepted, rejected)
    return back_to_the_page(request, "statements_detected")


def _report(request, accepted, rejected):
    if accepted:
        messages.success(request, ngettext("%(count)d list accepted: its post is a joint statement now.",
                                           "%(count)d lists accepted: their posts are joint statements now.",
                                           accepted) % {"count": accepted})
    if rejected:
        messages.success(request, ngettext("%(count)d list rejected.", "%(count)d lists rejected.", rejected)
                         % {"count": rejected})


def admin_urls():
    """The detected lists' admin addresses, under /admin/statements/detected/."""
    return [path("statements/detected/", detected, name="statements_detected"),
            path("statements/detected/decide/", decide, name="statements_detected_decide")]


class DetectedMenuItem(MenuItem):
    def is_shown(self, request):
        return may_review(request.user) and detection_review.proposed_rows().exists()


def menu_item():
    """Beside the Statements menu while lists wait: the detected lists."""
    return DetectedMenuItem(gettext_lazy("Detected signatories"), reverse("statements_detected"),
                            icon_name="group", order=262)

