"""Case records in the Wagtail admin: menus, screens and panels."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_views

# Persons, events and roles under the "Cases" menu (bayan/cases/admin_views.py).
register_snippet(admin_views.CasesGroup)


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    return admin_views.admin_urls()


@hooks.register("register_log_actions")
def register_case_log_actions(actions):
    actions.register_action("cases.view_internal", _("Internal case opened"), _("Opened an internal case record"))
    actions.register_action("cases.full_export", _("Case records downloaded"),
                            _("Downloaded every case record, internal ones included"))
