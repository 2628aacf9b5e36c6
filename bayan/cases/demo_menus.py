"""The demo's header menus lead to the persons index and the anniversaries, after the topics."""

from bayan.addresses import address_in
from bayan.navigation.models import Menu, MenuItem

LABELS = {"en": ("Persons", "Anniversaries"), "ar": ("الأشخاص", "الذكريات السنوية")}


def add_case_links_to_menus(sender, homes, **kwargs):
    """Two links in each language's header menu (made by the navigation's demo), right after the tag index."""
    for language in homes:
        menu = Menu.objects.filter(language=language, place=Menu.HEADER).first()
        if menu is None or language not in LABELS:
            continue
        items = list(menu.items.order_by("sort_order", "pk"))
        persons, anniversaries = LABELS[language]
        added = [MenuItem(menu=menu, label=persons, address=address_in(language, "cases:person-index")),
                 MenuItem(menu=menu, label=anniversaries, address=address_in(language, "cases:anniversaries"))]
        tags = address_in(language, "archives:tag-index")
        after = next((index for index, item in enumerate(items) if item.address == tags), len(items) - 1)
        ordered = [*items[:after + 1], *added, *items[after + 1:]]
        MenuItem.objects.bulk_create(added)
        for order, item in enumerate(ordered):
            item.sort_order = order
        MenuItem.objects.bulk_update(ordered, ["sort_order"])
