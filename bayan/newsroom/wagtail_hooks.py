"""The newsroom in Wagtail's admin: deleting sends pages to the bin; administrators restore from it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from . import bin, bin_views, translation_queue
from .documents import may_download
from .models import HomePage


@hooks.register("before_serve_document")
def serve_documents_of_visible_pages_only(document, request):
    """A document only hidden pages link to is unknown to readers (404), as the pages themselves are."""
    if not may_download(request.user, document):
        raise Http404


@hooks.register("before_delete_page")
def delete_to_the_bin(request, page):
    """Deleting a page in the admin moves it to the bin instead; deleting in the bin purges."""
    if bin.in_bin(page):
        return bin_views.refuse_unless_allowed(request)
    if isinstance(page.specific, HomePage):
        messages.error(request, _("A language's home page cannot be deleted."))
        return redirect("wagtailadmin_explore", page.pk)
    if request.method == "POST":
        parent = page.get_parent()
        bin.move_to_bin(page, request.user)
        messages.success(request, _("“%(title)s” is in the bin. An administrator can restore it.") % {
            "title": page.get_admin_display_title()})
        return redirect("wagtailadmin_explore", parent.pk)
    return TemplateResponse(request, "newsroom/admin/confirm_bin.html", {"page": page})


@hooks.register("before_bulk_action")
def bulk_delete_to_the_bin(request, action_type, objects, action):
    # Only pages go to the bin; snippets (tags, case records...) are deleted as Wagtail does.
    if action_type != "delete" or request.method != "POST" or not all(isinstance(item, Page) for item in objects):
        return None
    binned = 0
    for page in objects:
        if isinstance(page.specific, HomePage) or bin.in_bin(page):
            continue
        bin.move_to_bin(page, request.user)
        binned += 1
    messages.success(request, _("%(count)s pages are in the bin. An administrator can restore them.") % {
        "count": binned})
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))


@hooks.register("register_admin_urls")
def bin_urls():
    return [
        path("bin/", bin_views.listing, name="bayan_bin"),
        path("bin/<int:entry_id>/restore/", bin_views.restore, name="bayan_bin_restore"),
        path("bin/<int:entry_id>/purge/", bin_views.purge, name="bayan_bin_purge"),
    ]


class BinMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsroom.restore_deleted")


@hooks.register("register_settings_menu_item")
def bin_menu_item():
    return BinMenuItem(gettext_lazy("Bin"), reverse("bayan_bin"), icon_name="bin", order=900)


@hooks.register("register_log_actions")
def bin_actions(actions):
    actions.register_action("bayan.bin", gettext_lazy("Move to the bin"), gettext_lazy("Moved to the bin"))
    actions.register_action("bayan.restore", gettext_lazy("Restore"), gettext_lazy("Restored from the bin"))
    actions.register_action("bayan.purge", gettext_lazy("Purge"), gettext_lazy("Deleted for good from the bin"))


@hooks.register("register_admin_urls")
def translation_queue_urls():
    return [
        path("translations/", translation_queue.first_queue, name="bayan_translation_queues"),
        path("translations/<str:source>-to-<str:target>/", translation_queue.queue, name="bayan_translation_queue"),
        path("translations/post/<int:post_id>/into/<str:target>/", translation_queue.translate,
             name="bayan_translate_post"),
    ]


class TranslationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(translation_queue.directions_for(request.user))


@hooks.register("register_admin_menu_item")
def translation_queue_menu_item():
    return TranslationQueueMenuItem(gettext_lazy("Translation queue"), reverse("bayan_translation_queues"),
                                    icon_name="site", order=250)
