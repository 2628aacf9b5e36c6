"""The bin in the admin: what was deleted, by whom and when; restore, or (superusers) purge."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import bin
from .models import BinEntry


def _require_restorer(request):
    if not request.user.has_perm("newsroom.restore_deleted"):
        raise PermissionDenied


def refuse_unless_allowed(request):
    """Wagtail's own delete of a page already in the bin: only through the bin's purge, by a superuser."""
    messages.error(request, _("Pages in the bin are deleted for good from Settings → Bin."))
    return redirect("bayan_bin")


def listing(request):
    _require_restorer(request)
    entries = BinEntry.objects.select_related("page", "page__locale", "deleted_by", "parent")
    return TemplateResponse(request, "newsroom/admin/bin.html", {
        "entries": entries, "page_title": _("Bin"), "header_title": _("Bin"), "header_icon": "bin",
        "can_purge": request.user.is_superuser,
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": _("Bin")},
        ],
    })


@require_POST
def restore(request, entry_id):
    _require_restorer(request)
    entry = get_object_or_404(BinEntry, pk=entry_id)
    page = bin.restore(entry, request.user)
    messages.success(request, _("“%(title)s” is back.") % {"title": page.get_admin_display_title()})
    return redirect("bayan_bin")


@require_POST
def purge(request, entry_id):
    if not request.user.is_superuser:
        raise PermissionDenied
    entry = get_object_or_404(BinEntry, pk=entry_id)
    title = entry.page.get_admin_display_title()
    bin.purge(entry, request.user)
    messages.success(request, _("“%(title)s” is deleted for good.") % {"title": title})
    return redirect("bayan_bin")
