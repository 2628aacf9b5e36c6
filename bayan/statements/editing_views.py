"""A statement's screen, /admin/statements/post/<post id>/: its signatories, options and sign-on links.

Every translation of a post leads to the same screen (the statement is keyed by the posts'
``translation_key``); the first visit offers to make the post a joint statement. Changes to the
list go through ``signatories`` (so they are logged and dated). A sign-on link's full address
is shown once, on the page the issuing POST redirects to (kept in the session until then): only
its digest is stored.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.panels import Panel

from bayan.addresses import address_in
from bayan.newsroom.models import PostPage

from . import signatories
from .admin_views import organisations_matching
from .models import Organisation, Signatory, SignOnLink, Statement, Submission, SubmissionState

FOUND_AT_MOST = 20
ISSUED_KEY = "statements-issued-link"


def may_edit_statements(user):
    return user.has_perm("statements.change_statement")


def statement_screen(request, post_id):
    """The statement's screen (GET) and its changes (POST, one ``action`` each)."""
    if not may_edit_statements(request.user):
        raise PermissionDenied
    post = get_object_or_404(PostPage, pk=post_id)
    statement = Statement.of_post(post)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create" and statement is None:
            statement = Statement.objects.create(translation_key=post.translation_key)
        elif statement is not None and action in CHANGES:
            issued = CHANGES[action](request, statement)
            if issued:
                # Shown on the next page only: reloading it shows the link no more and issues none.
                request.session[ISSUED_KEY] = issued
        return redirect("statements_edit", post_id=post.pk)
    issued = request.session.pop(ISSUED_KEY, None)
    return TemplateResponse(request, "statements/edit.html", _context(request, post, statement, issued))


def _context(request, post, statement, issued):
    title = gettext("Joint statement: %(title)s") % {"title": post.title}
    context = {"post": post, "statement": statement, "issued": issued, "page_title": title,
               "header_title": title, "header_icon": "group", "default_days": settings.BAYAN_SIGNON_LINK_DAYS}
    if statement is None:
        return context
    query = request.GET.get("q", "").strip()
    context.update({
        "signatories": list(statement.signatories.select_related("organisation")),
        "links": list(statement.links.select_related("partner")),
        "waiting": Submission.objects.filter(statement=statement, state=SubmissionState.PENDING).count(),
        "query": query,
        "found": list(Organisation.objects.filter(organisations_matching(query))[:FOUND_AT_MOST]) if query else [],
        "now": timezone.now(),
    })
    return context


def _signatory(request, statement):
    value = request.POST.get("signatory", "")
    return statement.signatories.filter(pk=int(value)).first() if value.isdigit() else None


def _add_organisation(request, statement):
    value = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if organisation is None:
        messages.error(request, gettext("Choose an organisation to add."))
    elif signatories.add_organisation(statement, organisation, request.user) is None:
        messages.warning(request, gettext("%(name)s is already on the list.") % {"name": organisation})


def _add_individual(request, statement):
    name = request.POST.get("name", "").strip()[:200]
    if not statement.allows_individuals:
        messages.error(request, gettext("This statement takes organisations only; allow individuals first."))
    elif not name:
        messages.error(request, gettext("Give the individual's name."))
    else:
        signatories.add_individual(statement, name, request.POST.get("title", "")[:200], request.user)


def _remove(request, statement):
    signatory = _signatory(request, statement)
    if signatory is not None:
        signatories.remove(signatory, request.user)


def _mover(steps):
    def move(request, statement):
        signatory = _signatory(request, statement)
        if signatory is not None:
            signatories.move(signatory, steps, request.user)
    return move


def _options(request, statement):
    statement.allows_individuals = request.POST.get("allows_individuals") == "on"
    statement.freeze_at_publication = request.POST.get("freeze_at_publication") == "on"
    statement.save(update_fields=["allows_individuals", "freeze_at_publication", "updated_at"])
    messages.success(request, gettext("The statement's options are saved."))


def _issue(request, statement):
    """A new link; its address returned to be shown once."""
    days = request.POST.get("days", "")
    if not days.isdigit() or not 1 <= int(days) <= 365:
        messages.error(request, gettext("The link's life is a number of days from 1 to 365."))
        return None
    value = request.POST.get("partner", "")
    partner = Organisation.objects.filter(pk=int(value)).first() if value.isdigit() else None
    _link, token = SignOnLink.issue(statement, timezone.now() + timedelta(days=int(days)), partner=partner,
                                    label=request.POST.get("label", "")[:200], created_by=request.user)
    language = request.POST.get("language") if request.POST.get("language") in ("en", "ar") else "en"
    return settings.BASE_URL + address_in(language, "signon:form", (("token", token),))


def _revoke(request, statement):
    value = request.POST.get("link", "")
    link = statement.links.filter(pk=int(value)).first() if value.isdigit() else None
    if link is not None:
        link.revoke()


CHANGES = {"add_organisation": _add_organisation, "add_individual": _add_individual, "remove": _remove,
           "up": _mover(-1), "down": _mover(1), "options": _options, "issue": _issue, "revoke": _revoke}


def admin_urls():
    return [path("statements/post/<int:post_id>/", statement_screen, name="statements_edit")]


class JointStatementPanel(Panel):
    """The post editor's note: whether the post is a joint statement, and a link to its screen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Joint statement"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "joint_statement"

    class BoundPanel(Panel.BoundPanel):
        template_name = "statements/post_panel.html"

        def is_shown(self):
            return self.request is not None and may_edit_statements(self.request.user) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            post = self.instance
            statement = Statement.of_post(post) if post is not None and post.pk else None
            context.update({
                "statement": statement,
                "count": Signatory.objects.filter(statement=statement).count() if statement else 0,
                "url": reverse("statements_edit", args=[post.pk]) if post is not None and post.pk else "",
            })
            return context
