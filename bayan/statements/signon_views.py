"""The sign-on pages: the form behind a private link, the "check your mailbox" page, the confirmation.

Every answer here is private to whoever holds the token: never cached (by browsers or the
page cache), never indexed, and sent with ``Referrer-Policy: same-origin`` so the token never
leaves the site in a Referer. Not ``no-referrer``: under it browsers send ``Origin: null`` with
the form, and Django's CSRF protection (rightly) refuses every signature. Rate limits are
counted before the form is read.
"""

from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_protect

from bayan.addresses import address_in

from .matching import matches
from .models import Organisation, SignOnLink
from .signon import confirm, over_limit, submit
from .signon_forms import SignOnForm

PRIVATE_HEADERS = {"Cache-Control": "no-store, private", "X-Robots-Tag": "noindex",
                   "Referrer-Policy": "same-origin"}


def _private(response):
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def _page(request, template, context, status=200):
    context = {"canonical_url": None, "alternates": (), **context}
    return _private(render(request, template, context, status=status))


def _refused(request, refusal):
    response = _page(request, "statements/sign_on_gone.html", {"status": 429}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _statement_post(statement, language):
    """The statement's post in ``language`` (else any), at its latest revision: signers may see drafts."""
    posts = list(statement.posts().select_related("locale").only(
        "id", "title", "body", "live", "has_unpublished_changes", "latest_revision", "locale__language_code"))
    post = next((post for post in posts if post.locale.language_code == language), posts[0] if posts else None)
    if post is None:
        return None
    # A draft's text lives in its latest revision, costly to read: a post without unpublished changes is itself.
    return post.get_latest_revision_as_object() if post.has_unpublished_changes or not post.live else post


def _usable_link(request, token):
    """The link ``token`` opens, or the 404/410 page to answer instead."""
    link = SignOnLink.find(token)
    if link is None:
        return None, _page(request, "statements/sign_on_gone.html", {"status": 404}, status=404)
    if not link.is_usable():
        return None, _page(request, "statements/sign_on_gone.html", {"status": 410}, status=410)
    return link, None


@csrf_protect
def sign_on(request, token):
    """GET: the statement and its form. POST: a signature, confirmed by e-mail before anyone sees it."""
    link, refusal_page = _usable_link(request, token)
    if refusal_page is not None:
        return refusal_page
    language = translation.get_language()
    if request.method == "POST":
        refusal = over_limit(request, link)
        if refusal is not None:
            return _refused(request, refusal)
        form = SignOnForm(request.POST, allows_individuals=link.statement.allows_individuals)
        if form.is_bot():
            return _page(request, "statements/sign_on_sent.html", {"reference": None})
        if form.is_valid():
            submission = submit(link, form.cleaned_data, language)
            return _page(request, "statements/sign_on_sent.html", {"reference": submission.reference})
        status = 400
    else:
        initial = {}
        if link.partner_id:
            initial = {"organisation_name": link.partner.name_in(language), "chosen_organisation": link.partner_id,
                       "country": link.partner.country}
        form = SignOnForm(initial=initial, allows_individuals=link.statement.allows_individuals)
        status = 200
    other = "ar" if language == "en" else "en"
    return _page(request, "statements/sign_on.html", {
        "form": form, "post": _statement_post(link.statement, language), "token": token,
        "other_language": other, "other_address": address_in(other, "signon:form", (("token", token),)),
        "lookup_address": address_in(language, "signon:organisations", (("token", token),)),
    }, status=status)


def _lookup(query):
    """Public organisations whose names contain ``query``, then those the search analysis matches."""
    public = Organisation.objects.visible_to_readers()
    found = list(public.filter(Q(name_en__icontains=query) | Q(name_ar__icontains=query)
                               | Q(short_name_en__icontains=query) | Q(short_name_ar__icontains=query)
                               | Q(aliases__icontains=query))[:10])
    for match in matches(query, public, limit=10):
        if len(found) < 10 and match.organisation not in found:
            found.append(match.organisation)
    return found


def organisations(request, token):
    """Up to ten public organisations whose names match ``?q=`` in either script, for the type-ahead."""
    link, refusal_page = _usable_link(request, token)
    if refusal_page is not None:
        return _private(JsonResponse({"error": "not found"}, status=refusal_page.status_code))
    refusal = over_limit(request, link, looser=10)
    if refusal is not None:
        response = _private(JsonResponse({"error": "too many requests"}, status=429))
        response["Retry-After"] = str(refusal.retry_after)
        return response
    query = request.GET.get("q", "").strip()[:100]
    found = _lookup(query) if len(query) >= 2 else []
    return _private(JsonResponse({"organisations": [
        {"id": organisation.pk, "name_en": organisation.name_en, "name_ar": organisation.name_ar}
        for organisation in found]}))


def confirmed(request, token):
    """The one-time link from the e-mail: the submission joins the moderation queue."""
    confirmation = confirm(token)
    status = 404 if confirmation.outcome == "unknown" else 200
    return _page(request, "statements/sign_on_confirmed.html", {
        "outcome": confirmation.outcome, "submission": confirmation.submission}, status=status)
