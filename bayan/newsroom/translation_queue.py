"""The translation queue: posts with no counterpart in the other language, and starting their translation.

A translation is a draft in the other language sharing the original's ``translation_key``
(as Wagtail's ``copy_for_translation`` makes it), under that language's home, filed
under the counterparts of the original's categories and tags where those exist.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from .bin import in_bin
from .models import Category, PostPage, Tag
from .services import home_for

# Relations copied by hand, each to its counterpart in the other language.
_MAPPED_RELATIONS = ["category", "other_categories", "tags", "tagged_items"]


def untranslated_posts(source, target):
    """Posts of language ``source`` with no counterpart in ``target``, newest first (drafts included)."""
    counterpart = Page.objects.filter(translation_key=OuterRef("translation_key"), locale__language_code=target)
    return (PostPage.objects.child_of(home_for(source)).exclude(Exists(counterpart))
            .select_related("owner").order_by("-date", "-id"))


def may_translate_into(user, language):
    """Whether ``user`` may add posts in ``language`` (under its home page)."""
    return home_for(language).permissions_for_user(user).can_add_subpage()


def directions_for(user):
    """The (source, target) language pairs whose queue ``user`` may work through."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [(source, target) for source in codes for target in codes
            if source != target and may_translate_into(user, target)]


def counterpart_in(post, language):
    """The post's translation in ``language``, live or draft, or None."""
    return PostPage.objects.filter(translation_key=post.translation_key, locale__language_code=language).first()


def _counterparts(model, terms, locale):
    keys = [term.translation_key for term in terms]
    return list(model.objects.filter(translation_key__in=keys, locale=locale))


@transaction.atomic
def start_translation(post, language, user):
    """The post's draft in ``language``: the existing counterpart if there is one, else a new linked copy.

    The copy keeps the original's text for the translator to replace; categories and
    tags become their counterparts in ``language`` and are left out where none exists.
    """
    existing = counterpart_in(post, language)
    if existing is not None:
        return existing, False
    locale = Locale.objects.get(language_code=language)
    source = post if post.live else post.get_latest_revision_as_object()
    draft = source.copy_for_translation(locale, exclude_fields=_MAPPED_RELATIONS).specific
    categories = _counterparts(Category, post.filed_under(), locale)
    main = next((found for found in categories if post.category and found.translation_key ==
                 post.category.translation_key), None)
    draft.category = main
    draft.other_categories = [found for found in categories if found != main]
    draft.tags.set(_counterparts(Tag, post.tags.all(), locale))
    draft.save()
    draft.save_revision(user=user, log_action=True)
    return draft, True


def _refused(request, target):
    """403 with the admin's frame and the reason (Wagtail's admin turns PermissionDenied into a redirect)."""
    title = _("Translation queue")
    return TemplateResponse(request, "newsroom/admin/translation_refused.html", {
        "target_name": dict(settings.LANGUAGES)[target] if target else "",
        "page_title": title, "header_title": title, "header_icon": "site",
    }, status=403)


def _refusal(request, target):
    """None when the user may add posts in ``target``; else the 403 answer. An unknown language is not found."""
    if target not in dict(settings.LANGUAGES):
        raise Http404
    return None if may_translate_into(request.user, target) else _refused(request, target)


def queue(request, source, target):
    """One direction's queue, paginated; the other directions the user may work in are linked above it."""
    if source == target or source not in dict(settings.LANGUAGES):
        raise Http404
    refusal = _refusal(request, target)
    if refusal:
        return refusal
    names = dict(settings.LANGUAGES)
    posts = Paginator(untranslated_posts(source, target), 25).get_page(request.GET.get("p"))
    title = _("Translation queue")
    return TemplateResponse(request, "newsroom/admin/translation_queue.html", {
        "posts": posts, "source": source, "target": target, "target_name": names[target],
        "directions": [(reverse("bayan_translation_queue", args=pair), names[pair[0]], names[pair[1]], pair ==
                        (source, target)) for pair in directions_for(request.user)],
        "page_title": title, "header_title": title, "header_icon": "site",
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": title}],
    })


def first_queue(request):
    """The queue of the first direction the user may work in."""
    directions = directions_for(request.user)
    if not directions:
        return _refused(request, None)
    return redirect("bayan_translation_queue", *directions[0])


@require_POST
def translate(request, post_id, target):
    """Create the post's linked draft in ``target`` (or find the one that exists) and open it in the editor."""
    refusal = _refusal(request, target)
    if refusal:
        return refusal
    post = get_object_or_404(PostPage, pk=post_id)
    # A post in the bin waits to be restored or purged, not translated.
    if post.locale.language_code == target or in_bin(post):
        raise Http404
    draft, created = start_translation(post, target, request.user)
    if created:
        messages.success(request, _("A draft translation of “%(title)s” is ready: write it over the original's text.")
                         % {"title": post.title})
    return redirect("wagtailadmin_pages:edit", draft.pk)
