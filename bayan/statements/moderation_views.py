"""The moderation queue, /admin/statements/queue/: submitted signatures waiting, grouped by statement.

Only moderators (``statements.moderate_submission``) open it. Each pending submission is shown
with the organisations it may be (best first; the best one preselected for merging) and its
likely duplicates; the contact's e-mail and comment are shown here and nowhere else. Decisions
go through ``moderation`` (approve as new, approve merged, reject), one row or ticked rows at once.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from . import moderation
from .models import Organisation, Signatory, Statement, Submission, SubmissionState

SHOWN_AT_MOST = 200


def may_moderate(user):
    return user.has_perm("statements.moderate_submission")


def _moderators_only(request):
    if not may_moderate(request.user):
        raise PermissionDenied


def pending_count():
    return Submission.objects.filter(state=SubmissionState.PENDING).count()


def queue(request):
    """Pending submissions grouped by statement, with matches and duplicates; unconfirmed ones counted apart."""
    _moderators_only(request)
    statements = Statement.objects.prefetch_related(Prefetch("signatories", Signatory.objects.only(
        "pk", "statement_id", "organisation_id")))
    pending = list(Submission.objects.filter(state=SubmissionState.PENDING)
                   .prefetch_related(Prefetch("statement", statements))
                   .select_related("chosen_organisation")
                   .order_by("statement_id", "created_at")[:SHOWN_AT_MOST])
    reviews = moderation.reviews(pending, Organisation.objects.only(
        "pk", "name_en", "name_ar", "short_name_en", "match_terms"))
    groups = {}
    for review in reviews:
        groups.setdefault(review.submission.statement, []).append(review)
    names = Statement.names(groups)
    return TemplateResponse(request, "statements/queue.html", {
        "groups": [(names[statement], statement_reviews) for statement, statement_reviews in groups.items()],
        "unconfirmed": Submission.objects.filter(state=SubmissionState.UNCONFIRMED).count(),
        "page_title": gettext("Signatures to review"), "header_title": gettext("Signatures to review"),
        "header_icon": "tasks",
    })


@require_POST
def decide(request):
    """Apply the decision of one row (``row`` button) or of every ticked row (``bulk`` button)."""
    _moderators_only(request)
    row = request.POST.get("row", "")
    action, _colon, row_id = row.partition(":")
    if not row:
        action = request.POST.get("bulk", "")
    chosen = [row_id] if row else request.POST.getlist("ticked")
    ids = [int(value) for value in chosen if value.isdigit()]
    submissions = Submission.objects.filter(pk__in=ids, state=SubmissionState.PENDING).select_related("statement")
    decided = listed = 0
    for submission in submissions:
        if action == "reject":
            moderation.reject(submission, request.user)
        elif action in ("new", "merge"):
            # "Merged" with no organisation chosen in the row approves it as a new organisation.
            merge_into = _merge_target(request, submission) if action == "merge" else None
            listed += moderation.approve(submission, request.user, merge_into).already_listed
        else:
            continue
        decided += 1
    if decided:
        messages.success(request, gettext("%(count)d signatures decided.") % {"count": decided})
    else:
        messages.error(request, gettext("Nothing was decided: tick a signature and choose what to do."))
    if listed:
        messages.warning(request, gettext("%(count)d organisations were already on the list; "
                                          "they were not added twice.") % {"count": listed})
    return redirect("statements_queue")


def _merge_target(request, submission):
    value = request.POST.get(f"merge-{submission.pk}", "")
    return Organisation.objects.filter(pk=int(value)).first() if value.isdigit() else None


def admin_urls():
    """The queue's admin addresses, under /admin/statements/queue/."""
    return [path("statements/queue/", queue, name="statements_queue"),
            path("statements/queue/decide/", decide, name="statements_decide")]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return may_moderate(request.user)

    def render_component(self, request):
        # Menu items are built once per process: the count is read when the menu is drawn.
        return LinkMenuItemComponent(
            self.name, gettext("Signatures to review (%(count)d)") % {"count": pending_count()}, self.url,
            icon_name=self.icon_name, classname=self.classname, attrs=self.attrs)


def menu_item():
    """Beside the Statements menu: the queue, with how many signatures wait."""
    return QueueMenuItem(gettext_lazy("Signatures to review"), reverse("statements_queue"),
                         icon_name="tasks", order=261)
