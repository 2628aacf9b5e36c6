"""Editors decide on suggested persons: in the post editor's panel, in the queue, on a post's review page.

Suggestions (``suggestions.py``) are never links until an editor says so. Every decision
is a ``PostPerson`` saved (so a link readers will see starts a new content generation)
and a line in the person's history (``cases.post_linked``, ``cases.post_rejected``).
Who decides: whoever may change post links (``cases.change_postperson``: editors, case
officers and administrators); contributors see neither the panel nor the queue.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.log_actions import log

from bayan.newsroom.models import PostPage

from .models import LinkState, Person, PostPerson
from .names import name_tokens
from .suggestions import suggest

PERMISSION = "cases.change_postperson"
# The checkboxes the post editor's panel adds to the page form, and the persons it showed.
LINKED_FIELD = "cases-linked-person"
SHOWN_FIELD = "cases-shown-person"
POSTS_PER_PAGE = 20
PERSONS_FOUND = 20

ACTIONS = {LinkState.LINKED: "cases.post_linked", LinkState.REJECTED: "cases.post_rejected"}


def may_decide(user):
    return user.is_active and user.has_perm(PERMISSION)


def decide(post, person, state, user):
    """Record an editor's decision on ``person`` for ``post`` and log it; nothing happens if it is already so."""
    link, created = PostPerson.objects.get_or_create(post=post, person=person, defaults={"state": state})
    if not created and link.state == state:
        return False
    link.state, link.decided_by = state, user
    link.save()
    log(instance=person, action=ACTIONS[state], user=user,
        data={"post_id": post.pk, "post_title": post.title})
    return True


def register_log_actions(actions):
    """The decisions' lines in a person's history."""
    actions.register_action(ACTIONS[LinkState.LINKED], gettext_lazy("Post linked"),
                            gettext_lazy("Linked to a post about them"))
    actions.register_action(ACTIONS[LinkState.REJECTED], gettext_lazy("Suggestion rejected"),
                            gettext_lazy("Marked as not the subject of a post"))


def _links_of(post):
    """The post's persons as (person, state): linked first, then suggested, then rejected, each by name."""
    order = {LinkState.LINKED: 0, LinkState.SUGGESTED: 1, LinkState.REJECTED: 2}
    links = PostPerson.objects.filter(post=post).select_related("person")
    return sorted(((link.person, link.state) for link in links), key=lambda pair: (order[pair[1]], str(pair[0])))


class LinkedPersonsPanel(Panel):
    """The post editor's list of persons the post is about: linked ones ticked, suggestions to tick."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Persons of concern in this post"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "persons_of_concern"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cases/suggest_panel.html"

        def is_shown(self):
            return self.request is not None and may_decide(self.request.user) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            post = self.instance
            known = _links_of(post) if post is not None and post.pk else []
            decided = {person.pk for person, _state in known}
            # The text as it stands in the form being edited may name persons no stored suggestion has yet.
            fresh = [(person, LinkState.SUGGESTED) for person in suggest(post) if person.pk not in decided] \
                if post is not None else []
            context.update({
                "persons": [(person, state) for person, state in known + fresh if state != LinkState.REJECTED],
                "rejected": [person for person, state in known if state == LinkState.REJECTED],
                "linked_field": LINKED_FIELD, "shown_field": SHOWN_FIELD,
                "review_url": reverse("cases_suggestions:review", args=[post.pk]) if post is not None and post.pk
                else "",
            })
            return context


def apply_panel(request, page):
    """After a post is saved in the editor: tick → linked, a linked person unticked → rejected."""
    if not isinstance(page.specific, PostPage) or SHOWN_FIELD not in request.POST or not may_decide(request.user):
        return
    shown = {int(value) for value in request.POST.getlist(SHOWN_FIELD) if value.isdigit()}
    ticked = {int(value) for value in request.POST.getlist(LINKED_FIELD) if value.isdigit()} & shown
    states = dict(PostPerson.objects.filter(post_id=page.pk, person_id__in=shown).values_list("person_id", "state"))
    for person in Person.objects.filter(pk__in=shown):
        if person.pk in ticked and states.get(person.pk) != LinkState.LINKED:
            decide(page, person, LinkState.LINKED, request.user)
        elif person.pk not in ticked and states.get(person.pk) == LinkState.LINKED:
            decide(page, person, LinkState.REJECTED, request.user)


def _deciders_only(request):
    if not may_decide(request.user):
        raise PermissionDenied


def _page(request, title, template, context):
    return TemplateResponse(request, template, {
        **context, "page_title": title, "header_title": title, "header_icon": "user",
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                              {"url": reverse("cases_suggestions:queue"), "label": _("Suggested persons")}],
    })


def queue(request):
    """Posts with suggestions waiting for an editor, newest first, each with its suggested persons."""
    _deciders_only(request)
    waiting = PostPerson.objects.filter(state=LinkState.SUGGESTED)
    posts = Paginator(PostPage.objects.filter(pk__in=waiting.values("post_id")).order_by("-date", "-pk")
                      .only("pk", "title", "date", "live"), POSTS_PER_PAGE).get_page(request.GET.get("p"))
    by_post = {}
    for link in waiting.filter(post__in=list(posts)).select_related("person").order_by("person__name_en"):
        by_post.setdefault(link.post_id, []).append(link.person)
    rows = [(post, by_post.get(post.pk, [])) for post in posts]
    pairs = [f"{post.pk}:{person.pk}" for post, persons in rows for person in persons]
    return _page(request, _("Suggested persons"), "cases/suggest_queue.html",
                 {"posts": posts, "rows": rows, "pairs": pairs})


def _persons_named(text):
    """Persons any of whose names holds ``text`` (as typed, or as the suggestions' keys), for the review page."""
    text = text.strip()[:100]
    if not text:
        return Person.objects.none()
    keys = " ".join(name_tokens(text))
    found = Q(name_en__icontains=text) | Q(name_ar__icontains=text) | Q(aliases__icontains=text)
    if keys:
        found |= Q(match_terms__contains=keys)
    return Person.objects.filter(found)[:PERSONS_FOUND]


def review(request, post_id):
    """One post's persons: linked, suggested and rejected, and a search to add anyone by name."""
    _deciders_only(request)
    post = get_object_or_404(PostPage, pk=post_id)
    links = _links_of(post)
    query = request.GET.get("q", "")
    decided = {person.pk for person, _state in links}
    found = [person for person in _persons_named(query) if person.pk not in decided]
    return _page(request, _("Persons of concern in a post"), "cases/suggest_review.html",
                 {"post": post, "links": links, "query": query, "found": found})


@require_POST
def decide_view(request):
    """Apply one decision to the pairs posted (``post id:person id``), then go back where the editor was."""
    _deciders_only(request)
    state = request.POST.get("state")
    if state not in ACTIONS:
        return HttpResponseBadRequest(_("A decision is to link the person to the post or to reject the suggestion."))
    only_pending = request.POST.get("only") == LinkState.SUGGESTED
    pairs = []
    for value in request.POST.getlist("pair"):
        post_id, _colon, person_id = value.partition(":")
        if post_id.isdigit() and person_id.isdigit():
            pairs.append((int(post_id), int(person_id)))
    posts = PostPage.objects.in_bulk({post_id for post_id, _person_id in pairs})
    persons = Person.objects.in_bulk({person_id for _post_id, person_id in pairs})
    pending = set(PostPerson.objects.filter(state=LinkState.SUGGESTED, post_id__in=posts)
                  .values_list("post_id", "person_id"))
    for post_id, person_id in pairs:
        if post_id in posts and person_id in persons and (not only_pending or (post_id, person_id) in pending):
            decide(posts[post_id], persons[person_id], state, request.user)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("cases_suggestions:queue")
    return redirect(back)


def admin_urls():
    """The suggestions' admin addresses, under /admin/cases/suggestions/."""
    return [path("cases/suggestions/", include(([
        path("", queue, name="queue"),
        path("post/<int:post_id>/", review, name="review"),
        path("decide/", decide_view, name="decide"),
    ], "cases_suggestions")))]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_decide(request.user)


def menu_item():
    """Beside the Cases menu: the queue of posts with suggested persons."""
    return SuggestionsMenuItem(gettext_lazy("Suggested persons"), reverse("cases_suggestions:queue"),
                               icon_name="user", order=251)
