"""The Jinja2 environment that reader pages (bayan/jinja2/) are rendered with.

It offers what the pages need from Django: translations (``{% trans %}`` and
``_()``, read from the same catalogs as everything else), ``url()`` and
``static()``, the ``date`` filter with Django's per-language formats, and
Wagtail's ``richtext`` filter.
"""

import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from jinja2 import Environment

from bayan.newsroom.context_processors import site_addresses


def url(name, **kwargs):
    """The address of the named route, as Django's ``{% url %}`` gives it."""
    return reverse(name, kwargs=kwargs or None)


def date(value, format_name="DATE_FORMAT"):
    """A date in the site's time zone, in the current language's format (``"c"`` gives ISO 8601)."""
    if value is None or value == "":
        return ""
    return _formatted_date(value, format_name, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(value, format_name, language):
    # Django's formatting reads the current language; ``language`` keeps each one's text apart.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def language_links(alternates):
    """Links to the other languages: to this page's translation where one exists, else to that language's home."""
    current = translation.get_language()
    translations = dict(alternates or [])
    return [
        {"code": code, "name": name, "url": translations.get(code) or site_addresses(code)["home"],
         "is_translation": code in translations}
        for code, name in settings.LANGUAGES if code != current
    ]


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n", "wagtail.jinja2tags.core"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals.update(
        url=url, static=static, language_links=language_links, language_info=translation.get_language_info,
    )
    env.filters["date"] = date
    return env
