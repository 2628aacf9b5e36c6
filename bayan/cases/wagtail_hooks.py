"""Case records in the Wagtail admin: menus, screens and panels."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from bayan.newsroom.models import PostPage

from . import admin_views, suggestion_views

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


# Suggested persons (bayan/cases/suggestion_views.py): the post editor's panel, its decisions applied
# when the page is saved, the queue and the review page, and their lines in a person's history.
PostPage.content_panels = [*PostPage.content_panels, suggestion_views.LinkedPersonsPanel()]
hooks.register("after_create_page", suggestion_views.apply_panel)
hooks.register("after_edit_page", suggestion_views.apply_panel)
hooks.register("register_admin_urls", suggestion_views.admin_urls)
hooks.register("register_admin_menu_item", suggestion_views.menu_item)
hooks.register("register_log_actions", suggestion_views.register_log_actions)
# Events deleted in the admin, one or many at once: their persons' statuses are derived again.
hooks.register("before_delete_snippet", admin_views.note_persons_of_deleted_events)
hooks.register("after_delete_snippet", admin_views.refresh_persons_of_deleted_events)
