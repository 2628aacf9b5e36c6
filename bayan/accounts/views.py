"""Admin pages for the second factor: set it up, give it at sign-in, renew recovery codes, turn it off."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from wagtail.admin.utils import get_valid_next_url_from_request

from . import two_factor
from .audit import client_address, record, security_log


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=40, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _next(request):
    """Where to go afterwards: a ``next`` address on this site, else the admin's dashboard."""
    return get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")


def setup(request):
    """Show the state of the user's second factor; start, confirm or renew it."""
    user = request.user
    device = two_factor.authenticator(user)
    context = {
        "page_title": _("Two-factor sign-in"), "header_title": _("Two-factor sign-in"), "header_icon": "key",
        "required": two_factor.requires_two_factor(user), "next": _next(request),
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_account"), "label": _("Account")},
                              {"url": "", "label": _("Two-factor sign-in")}],
    }
    if device is not None and user.is_verified():
        context.update(active=True, codes_left=two_factor.recovery_codes_left(user))
        return TemplateResponse(request, "accounts/two_factor_setup.html", context)
    if device is not None:
        return redirect(f"{reverse('bayan_two_factor_verify')}?{urlencode({'next': _next(request)})}")
    pending = two_factor.pending_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and pending is not None and form.is_valid():
        codes = two_factor.confirm_enrolment(pending, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, two_factor.authenticator(user))
            record("bayan.two_factor_on", user, request)
            context.update(active=True, new_codes=codes, codes_left=len(codes))
            return TemplateResponse(request, "accounts/two_factor_setup.html", context)
        form.add_error("code", _("That code does not match. Check the time on your phone and type the newest code."))
    if pending is None:
        pending = two_factor.start_enrolment(user)
    context.update(form=form, qr_code=two_factor.qr_code_svg(pending), secret=two_factor.secret_for_typing(pending))
    return TemplateResponse(request, "accounts/two_factor_setup.html", context)


def verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified() or not two_factor.has_two_factor(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            record("bayan.two_factor_passed", user, request, used=device.name)
            return redirect(_next(request))
        security_log.warning("wrong second factor for %r from %s", user.get_username(),
                             client_address(request) or "unknown")
        form.add_error("code", _("That code is not right, or was used already."))
    return TemplateResponse(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@require_POST
def renew_recovery_codes(request):
    user = request.user
    if not (user.is_verified() and two_factor.has_two_factor(user)):
        raise PermissionDenied
    codes = two_factor.new_recovery_codes(user)
    return TemplateResponse(request, "accounts/two_factor_setup.html", {
        "page_title": _("Two-factor sign-in"), "header_title": _("Two-factor sign-in"), "header_icon": "key",
        "active": True, "new_codes": codes, "codes_left": len(codes),
        "required": two_factor.requires_two_factor(user), "next": reverse("wagtailadmin_home"),
    })


@require_POST
def turn_off(request):
    user = request.user
    if not user.is_verified():
        raise PermissionDenied
    if two_factor.requires_two_factor(user):
        messages.error(request, _("Your group requires two-factor sign-in; it cannot be turned off."))
        return redirect("bayan_two_factor_setup")
    two_factor.turn_off(user)
    record("bayan.two_factor_off", user, request)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("wagtailadmin_account")
