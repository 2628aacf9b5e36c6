"""WordPress's menus (items of post type ``nav_menu_item``) as the site's navigation menus.

An export names its menus with ``nav_menu`` terms and lists each link as an item carrying
the menu's term and postmeta saying what it points at: ``_menu_item_type`` (``post_type``,
``taxonomy`` or ``custom``), ``_menu_item_object`` and ``_menu_item_object_id``, or
``_menu_item_url``; ``_menu_item_menu_item_parent`` nests it, ``menu_order`` orders it.
The links are collected while the files are read and written at the end of the run, when
every page, term and redirect they may point at exists. The menus become those of the
import's language: one named like a footer becomes the footer menu, the largest other one
the header menu (an export does not say where the theme showed them). A second import
replaces the links it wrote rather than adding them again.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from bayan.addresses import address_in
from bayan.navigation.links import check_address
from bayan.navigation.models import Menu, MenuItem
from bayan.newsroom.models import Category, Tag

from .models import ImportedItem
from .values import old_path

KIND = "nav_menu_item"
# The longest label a menu link keeps (MenuItem.label's length).
LABEL_LENGTH = 100


@dataclass
class MenuEntry:
    """One ``nav_menu_item`` as the export has it."""

    wp_id: str
    where: str
    menu: str
    title: str
    order: int
    parent: str
    type: str
    object: str
    object_id: str
    url: str


class Unmapped(Exception):
    """A menu link that cannot point anywhere on the new site; the message says why."""


class Menus:
    """The menus of one import run: collected from the files, written by ``write`` at the end."""

    def __init__(self, report):
        self.report = report
        self.names = {}
        self.entries = []

    def declared(self, record):
        """A ``nav_menu`` term the channel declares: the menu's name, by its slug."""
        if record.get("term_taxonomy") == "nav_menu" and record.get("term_slug"):
            self.names[record["term_slug"]] = record.get("term_name") or record["term_slug"]

    def item(self, item, where):
        """Keep a ``nav_menu_item`` for ``write``, or report it when it names no menu."""
        fields = item.fields
        wp_id = fields.get("post_id", "")
        menu = next((nicename for domain, nicename, _name in item.terms if domain == "nav_menu" and nicename), "")
        if not menu:
            self.report.skip(where, KIND, wp_id, "the menu item belongs to no menu")
            return

        def meta(key):
            return (item.meta.get(key) or [""])[-1].strip()

        self.entries.append(MenuEntry(
            wp_id=wp_id, where=where, menu=menu, title=(fields.get("title") or "").strip(),
            order=_number(fields.get("menu_order")), parent=meta("_menu_item_menu_item_parent"),
            type=meta("_menu_item_type"), object=meta("_menu_item_object"), object_id=meta("_menu_item_object_id"),
            url=meta("_menu_item_url"),
        ))

    def write(self, source, language):
        """Make (or replace) ``language``'s header and footer menus from the collected links."""
        by_menu = {}
        for entry in self.entries:
            by_menu.setdefault(entry.menu, []).append(entry)
        places = self._places(by_menu)
        for slug, entries in by_menu.items():
            place = places.get(slug)
            if place is None:
                for entry in entries:
                    self.report.skip(entry.where, KIND, entry.wp_id,
                                     f"menu “{self.names.get(slug, slug)}”: a language has one header and one "
                                     "footer menu here, and this export's others became those")
                continue
            links = self._links(source, language, entries)
            menu, created = Menu.objects.get_or_create(language=language, place=place)
            menu.items.all().delete()
            MenuItem.objects.bulk_create([
                MenuItem(menu=menu, sort_order=position, label=label, page=page, address=address, nested=nested)
                for position, (label, page, address, nested) in enumerate(links)
            ])
            # A bulk write sends no save signal: saving the menu starts the new content generation readers need.
            menu.save()
            self.report.count("menu", "created" if created else "updated")

    def _places(self, by_menu):
        """{menu slug: place}: a menu named like a footer is the footer's, the largest other one the header's."""
        places = {}
        footers = [slug for slug in by_menu if "footer" in f"{slug} {self.names.get(slug, '')}".lower()]
        if footers:
            places[footers[0]] = Menu.FOOTER
        others = sorted((slug for slug in by_menu if slug not in places), key=lambda slug: -len(by_menu[slug]))
        if others:
            places[others[0]] = Menu.HEADER
        return places

    def _links(self, source, language, entries):
        """(label, page, address, nested) of the menu's links in order, each top-level link followed by its own."""
        by_id = {entry.wp_id: entry for entry in entries}
        top = sorted((entry for entry in entries if entry.parent in ("", "0") or entry.parent not in by_id),
                     key=lambda entry: (entry.order, _number(entry.wp_id)))
        top_ids = {entry.wp_id for entry in top}
        children = {}
        for entry in entries:
            if entry.wp_id in top_ids:
                continue
            ancestor, depth = self._top_ancestor(entry, by_id)
            if depth > 1:
                self.report.problems.append(
                    f"{entry.where}: menu item {entry.wp_id} is {depth} levels deep; menus here have one level "
                    f"under the top, so it is listed under its top-level item {ancestor.wp_id}")
            children.setdefault(ancestor.wp_id, []).append(entry)
        links = []
        for entry in top:
            mapped = self._mapped(entry, source, language)
            if mapped is not None:
                links.append((*mapped, False))
            # The links under a top-level link that could not be kept move up to the top level.
            for child in sorted(children.get(entry.wp_id, []), key=lambda child: (child.order, _number(child.wp_id))):
                kept = self._mapped(child, source, language)
                if kept is not None:
                    links.append((*kept, mapped is not None))
        return links

    @staticmethod
    def _top_ancestor(entry, by_id):
        """The top-level link above ``entry`` and how many levels down ``entry`` is (a loop stops the walk)."""
        seen, current, depth = {entry.wp_id}, entry, 0
        while current.parent in by_id and current.parent not in seen:
            seen.add(current.parent)
            current, depth = by_id[current.parent], depth + 1
        return current, depth

    def _mapped(self, entry, source, language):
        """(label, page, address) of one link, or None after reporting why it cannot be kept."""
        try:
            if entry.type == "post_type":
                label, page, address = self._to_page(entry, source)
            elif entry.type == "taxonomy":
                label, page, address = self._to_archive(entry, source, language)
            elif entry.type == "custom":
                label, page, address = self._to_address(entry, source, language)
            else:
                raise Unmapped(f"a menu link of type “{entry.type or '(none)'}” cannot be imported")
        except Unmapped as reason:
            self.report.skip(entry.where, KIND, entry.wp_id, str(reason))
            return None
        self.report.count("menu link", "created")
        return label[:LABEL_LENGTH], page, address

    @staticmethod
    def _to_page(entry, source):
        if entry.object not in ("post", "page"):
            raise Unmapped(f"it links to a “{entry.object}”, a kind of item that is not imported")
        record = ImportedItem.objects.filter(source=source, kind=entry.object, wp_id=entry.object_id).first()
        page = record and Page.objects.filter(pk=record.target_id).first()
        if not page:
            raise Unmapped(f"it links to {entry.object} {entry.object_id}, which this import did not bring")
        # An empty label shows the page's title, as in WordPress.
        return entry.title, page, ""

    @staticmethod
    def _to_archive(entry, source, language):
        kinds = {"category": ("category", Category), "post_tag": ("tag", Tag)}
        if entry.object not in kinds:
            raise Unmapped(f"it links to a “{entry.object}” archive, which is not imported")
        kind, model = kinds[entry.object]
        records = ImportedItem.objects.filter(source=source, kind=kind, data__term_id=entry.object_id)
        # A term made in several languages links to the one of the menu's language.
        record = min(records, key=lambda record: not record.wp_id.startswith(f"{language}:"), default=None)
        term = record and model.objects.filter(pk=record.target_id).select_related("locale").first()
        if not term:
            raise Unmapped(f"it links to the {kind} with id {entry.object_id}, which this import did not bring")
        return entry.title or term.name, None, term.reader_path()

    @staticmethod
    def _to_address(entry, source, language):
        url = entry.url
        if not url or url.startswith("#"):
            raise Unmapped(f"its address “{url}” leads nowhere")
        label = entry.title or url
        if url.startswith("/") or _same_host(url, source):
            path = old_path(url)
            if path in ("", "/"):
                return label, None, address_in(language, "archives:home")
            redirect = Redirect.objects.filter(site=None, old_path=path).select_related("redirect_page").first()
            if redirect and redirect.redirect_page:
                return label, redirect.redirect_page, ""
            if redirect and redirect.redirect_link:
                return label, None, redirect.redirect_link
            raise Unmapped(f"it links to {url} on the old site, which has no address here")
        try:
            check_address(url)
        except ValidationError as refused:
            raise Unmapped(f"its address “{url}” is refused: {' '.join(refused.messages)}") from None
        return label, None, url


def _same_host(url, source):
    """Whether ``url`` is on the old site's host (with or without ``www.``)."""
    host = urlsplit(url).hostname or ""
    old_host = urlsplit(source).hostname or ""
    return bool(host) and host.removeprefix("www.") == old_host.removeprefix("www.")


def _number(text):
    try:
        return int(text or 0)
    except ValueError:
        return 0
