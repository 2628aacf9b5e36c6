from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_sign_in_actions(actions):
    actions.register_action("bayan.sign_in", _("Sign in"), _("Signed in"))
    actions.register_action("bayan.sign_out", _("Sign out"), _("Signed out"))
