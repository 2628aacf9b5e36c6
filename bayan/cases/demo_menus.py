"""The demo's header menus lead to the persons index and the anniversaries, after the topics."""

from bayan.addresses import address_in
from bayan.navigation.models import Menu, MenuItem

LINKS = {"en": [("Persons", "cases:person-index"), ("Anniversaries", "cases:anniversaries")],
         "ar": [("الأشخاص", "cases:person-index"), ("الذكريات السنوية", "cases:anniversaries")]}


def add_menu_links(homes, links, after):
    """``links`` ({language: [(label, route name)]}) in each language's header menu, right after the route ``after``.

    The menus are the navigation's demo's; a language without one, or without links, is left alone.
    """
    for language in homes:
        menu = Menu.objects.filter(language=language, place=Menu.HEADER).first()
        if menu is None or language not in links:
            continue
        items = list(menu.items.order_by("sort_order", "pk"))
        added = [MenuItem(menu=menu, label=label, address=address_in(language, route))
                 for label, route in links[language]]
        previous = address_in(language, after)
        place = next((index for index, item in enumerate(items) if item.address == previous), len(items) - 1)
        ordered = [*items[:place + 1], *added, *items[place + 1:]]
        MenuItem.objects.bulk_create(added)
        for order, item in enumerate(ordered):
            item.sort_order = order
        MenuItem.objects.bulk_update(ordered, ["sort_order"])


def add_case_links_to_menus(sender, homes, **kwargs):
    """Two links in each language's header menu, right after the tag index."""
    add_menu_links(homes, LINKS, after="archives:tag-index")
