"""Partner keys in the admin, /admin/api/keys/: issue a key (shown once), see who has one, revoke it.

Administrators only (``api.add_partnerkey`` and ``api.change_partnerkey``). A key is shown in
the answer to the form that issued it and nowhere else: only its digest is kept, so a key lost
by its partner is revoked and a new one issued. ``bayan api-key`` does the same from a shell.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from .models import PartnerKey


class IssueForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Partner"), max_length=200,
                           help_text=gettext_lazy("Who the key is for, e.g. the research group's name."))
    contact = forms.CharField(label=gettext_lazy("Contact details"), max_length=200, required=False,
                              help_text=gettext_lazy("How to reach the partner about the key (an e-mail address)."))


def may_manage(user):
    return user.has_perm("api.add_partnerkey") and user.has_perm("api.change_partnerkey")


def _managers_only(request):
    if not may_manage(request.user):
        raise PermissionDenied


def keys(request):
    """Every key, newest first, and the form that issues one; after issuing, the new key, once."""
    _managers_only(request)
    form, issued = IssueForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        row, key = PartnerKey.issue(form.cleaned_data["name"].strip(), form.cleaned_data["contact"].strip())
        issued = {"row": row, "key": key}
        form = IssueForm()
    title = gettext("API partner keys")
    return TemplateResponse(request, "api/partner_keys.html", {
        "keys": PartnerKey.objects.all(), "form": form, "issued": issued,
        "page_title": title, "header_title": title, "header_icon": "key",
    })


@require_POST
def revoke(request, key_id):
    _managers_only(request)
    found = PartnerKey.objects.filter(pk=key_id).first()
    if found is None:
        messages.error(request, gettext("There is no such key."))
    else:
        found.revoke()
        messages.success(request, gettext("The key of %(partner)s is revoked.") % {"partner": found.name})
    return redirect("api_partner_keys")


def admin_urls():
    return [path("api/keys/", keys, name="api_partner_keys"),
            path("api/keys/<int:key_id>/revoke/", revoke, name="api_partner_key_revoke")]


class KeysMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


def menu_item():
    return KeysMenuItem(gettext_lazy("API partner keys"), reverse("api_partner_keys"), icon_name="key", order=9000)
