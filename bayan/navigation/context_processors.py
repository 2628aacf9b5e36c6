from django.utils import translation

from .menus import Menu, menu


def menus(request):
    """The header's and the footer's menus in the page's language."""
    language = translation.get_language()
    return {"header_menu": menu(request, language, Menu.HEADER), "footer_menu": menu(request, language, Menu.FOOTER)}
