from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_log_actions")
def register_sign_in_actions(actions):
    actions.register_action("bayan.sign_in", _("Sign in"), _("Signed in"))
    actions.register_action("bayan.sign_out", _("Sign out"), _("Signed out"))
    actions.register_action("bayan.two_factor_passed", _("Second factor"), _("Gave a second factor"))
    actions.register_action("bayan.two_factor_on", _("Two-factor on"), _("Turned two-factor sign-in on"))
    actions.register_action("bayan.two_factor_off", _("Two-factor off"), _("Turned two-factor sign-in off"))


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.setup, name="bayan_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="bayan_two_factor_verify"),
        path("two-factor/recovery-codes/", views.renew_recovery_codes, name="bayan_two_factor_recovery_codes"),
        path("two-factor/off/", views.turn_off, name="bayan_two_factor_off"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("bayan_two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from your phone after your password, so a stolen password is not enough."),
    }


@hooks.register("register_permissions")
def two_factor_permission():
    """Shown per group under Settings > Groups > Other permissions."""
    return Permission.objects.filter(content_type__app_label="accounts", codename="require_two_factor")
