from bayan.navigation.models import Menu, MenuItem


def make_menu(language="en", place=Menu.HEADER, links=()):
    """A menu with ``links``: (label, address) pairs, or MenuItem keyword dicts."""
    menu = Menu.objects.create(language=language, place=place)
    for order, link in enumerate(links):
        fields = link if isinstance(link, dict) else {"label": link[0], "address": link[1]}
        MenuItem.objects.create(menu=menu, sort_order=order, **fields)
    return menu
