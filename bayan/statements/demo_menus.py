"""The demo's header menus lead to the organisation index, after the case records' links."""

from bayan.cases.demo_menus import add_menu_links

LINKS = {"en": [("Organisations", "statements:organisation-index")],
         "ar": [("المنظمات", "statements:organisation-index")]}


def add_organisation_link_to_menus(sender, homes, **kwargs):
    """A link in each language's header menu, right after the anniversaries."""
    add_menu_links(homes, LINKS, after="cases:anniversaries")
