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
from django.utils.translation import trans_real
from jinja2 import Environment, pass_context

from bayan.newsroom.context_processors import site_addresses


def url(name, **kwargs):
    """The address of the named route, as Django's ``{% url %}`` gives it."""
    return reverse(name, kwargs=kwargs or None)


def date(value, format_name="DATE_FORMAT", language=None):
    """A date in the site's time zone, in ``language``'s format (the current one's by default; "c" gives ISO 8601)."""
    if value is None or value == "":
        return ""
    return _formatted_date(value, format_name, language or translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(value, format_name, language):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    with translation.override(language):
        return formats.date_format(value, format_name)


# A page is rendered in one language, which the ``site`` context processor puts in its
# context as ``language_code``. The helpers below read it from there: asking Django for
# the active language goes through a context-local lookup each time, and a page asks
# dozens of times.

def _page_language(context):
    return context.get("language_code") or translation.get_language()


@pass_context
def _gettext(context, message):
    if not message:
        return message
    return trans_real.translation(_page_language(context)).gettext(message)


@pass_context
def _ngettext(context, singular, plural, number):
    return trans_real.translation(_page_language(context)).ngettext(singular, plural, number)


@pass_context
def _page_date(context, value, format_name="DATE_FORMAT"):
    return date(value, format_name, _page_language(context))


@pass_context
def language_links(context, alternates):
    """Links to the other languages: to this page's translation where one exists, else to that language's home."""
    current = _page_language(context)
    translations = dict(alternates or [])
    return [
        {"code": code, "name": name, "url": translations.get(code) or site_addresses(code).home,
         "is_translation": code in translations}
        for code, name in settings.LANGUAGES if code != current
    ]


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n", "wagtail.jinja2tags.core"], **options)
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals.update(
        url=url, static=static, language_links=language_links, language_info=translation.get_language_info,
    )
    env.filters["date"] = _page_date
    return env
