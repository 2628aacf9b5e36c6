"""Menus as reader pages show them: read once per content generation, hidden pages left out."""

from dataclasses import dataclass, field

from django.utils.translation import gettext, override

from bayan.addresses import address_in
from bayan.newsroom.models import pages_visible_to_readers
from bayan.pagecache.held import HeldPerGeneration

from .models import Menu, MenuItem


@dataclass
class Link:
    """A menu link ready to render: its label, its address and the links nested under it."""

    label: str
    url: str
    children: list = field(default_factory=list)


def default_links(language):
    """The links of a language with no menu of its own: enough for a fresh site to be found around."""
    with override(language):
        return [
            Link(gettext("Latest"), address_in(language, "archives:home")),
            Link(gettext("Categories"), address_in(language, "archives:category-index")),
            Link(gettext("Tags"), address_in(language, "archives:tag-index")),
            Link(gettext("Subscribe"), address_in(language, "archives:subscribe")),
        ]


def load_menu(language, place):
    """The links of ``language``'s menu at ``place``, nested one level; links to hidden pages are left out.

    The header falls back to ``default_links`` when the language has no header menu; the footer
    then shows nothing of its own.
    """
    items = list(MenuItem.objects.filter(menu__language=language, menu__place=place)
                 .select_related("page").order_by("sort_order", "pk"))
    if not items:
        exists = Menu.objects.filter(language=language, place=place).exists()
        return [] if exists or place != Menu.HEADER else default_links(language)
    page_ids = [item.page_id for item in items if item.page_id]
    visible = set(pages_visible_to_readers().filter(pk__in=page_ids).values_list("pk", flat=True))
    links = []
    for item in items:
        if item.page_id and item.page_id not in visible:
            continue
        url = item.address or item.page.url or ""
        link = Link(item.label.strip() or item.page.title if item.page_id else item.label, url)
        if item.nested and links:
            links[-1].children.append(link)
        else:
            links.append(link)
    return links


_held_menus = HeldPerGeneration(load_menu)


def menu(request, language, place):
    """``load_menu(language, place)``, held until the content generation changes (no query per request)."""
    return _held_menus.get(request, language, place)
