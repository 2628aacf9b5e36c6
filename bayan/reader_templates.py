"""The Jinja2 environment that reader pages (bayan/jinja2/) are rendered with.

It offers what the pages need from Django: translations (``{% trans %}`` and
``_()``, read from the same catalogs as everything else), ``url()`` and
``static()``, the ``date`` filter with Django's per-language formats, and
Wagtail's ``richtext`` filter.
"""

import datetime
import functools

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import trans_real
from jinja2 import Environment, pass_context
from markupsafe import Markup
from wagtail.rich_text import RichText, expand_db_html

from bayan.addresses import address_in
from bayan.identity.months import MonthStyle, in_month_style, written_date
from bayan.mirror.keys import public_key_for_readers
from bayan.newsroom.context_processors import site_addresses
from bayan.newsroom.presentation import json_ld

# A page is rendered in one language, which the ``site`` context processor puts in its
# context as ``language_code``. The helpers below read it from there: asking Django for
# the active language goes through a context-local lookup each time, and a page asks
# dozens of times.


def _page_language(context):
    return context.get("language_code") or translation.get_language()


@pass_context
def url(context, name, **kwargs):
    """The address of the named route in the page's language, as Django's ``{% url %}`` gives it."""
    return address_in(_page_language(context), name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=256)
def static_file(path):
    """The address of a static file, by its hashed name when the files were collected with a manifest."""
    return static(path)


def richtext(value):
    """A rich text field's HTML with its internal links and embeds made real, as Wagtail's filter does."""
    if isinstance(value, RichText):
        # A rich text block's value renders itself.
        return value
    return Markup(expand_db_html(str(value) if value else ""))


def date(value, format_name="DATE_FORMAT", language=None, month_style=MonthStyle.EGYPTIAN):
    """A date in the site's time zone, in ``language``'s format (the current one's by default; "c" gives ISO 8601).

    The site's zone (``TIME_ZONE``) even where a request activated another (an editor's, in the admin's
    preview): a reader page is the same for every reader. Arabic month names follow ``month_style``, the
    organisation's choice (bayan/identity/months.py).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is not None:
            # Not timezone.localtime(): it looks up the activated zone, most of a date's cost on an archive page.
            value = value.astimezone(timezone.get_default_timezone())
        if format_name == "c":
            return value.isoformat()  # what Django's "c" writes, with no language to look up
        if format_name in DAY_FORMATS:
            # Remembered by day, not by instant: an archive of ten thousand posts has far fewer days.
            value = value.date()
    return _formatted_date(value, format_name, language or translation.get_language(), month_style)


# Formats that write no time of day.
DAY_FORMATS = frozenset({"DATE_FORMAT", "SHORT_DATE_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT"})


@functools.lru_cache(maxsize=16384)
def _formatted_date(value, format_name, language, month_style):
    return written_date(value, format_name, language, month_style)


# Jinja's "new style" gettext (variables given as keywords, results escaped, then
# formatted), written for one language per page: Jinja's own wrapper formats every
# message, variables or not, which costs more than looking it up.

@pass_context
def _gettext(context, message, **variables):
    text = _translated(_page_language(context), message)
    return _formatted(context, text, variables)


@pass_context
def _ngettext(context, singular, plural, number, **variables):
    variables.setdefault("num", number)
    text = trans_real.translation(_page_language(context)).ngettext(singular, plural, number)
    return _formatted(context, text, variables)


@functools.lru_cache(maxsize=4096)
def _translated(language, message):
    return trans_real.translation(language).gettext(message) if message else message


def _formatted(context, text, variables):
    if context.eval_ctx.autoescape:
        text = Markup(text)
    # "%%" stands for "%" in a message, with variables or without.
    return text % variables if variables or "%" in text else text


@pass_context
def _page_date(context, value, format_name="DATE_FORMAT"):
    # The identity's context processor puts the organisation's month style in every reader page's context.
    return date(value, format_name, _page_language(context), context.get("arabic_months") or MonthStyle.EGYPTIAN)


@pass_context
def _month_names(context, text):
    """Month names Django wrote in Arabic (an archive's "يونيو 2026"), in the organisation's month style."""
    if _page_language(context) != "ar":
        return text
    return in_month_style(text, context.get("arabic_months") or MonthStyle.EGYPTIAN)


def json_ld_with_publisher(data, organisation):
    """A JSON-LD script of ``data`` with the organisation (as the page shows it) as its publisher."""
    publisher = {"@type": "Organization", "name": organisation.name if organisation else settings.WAGTAIL_SITE_NAME}
    return json_ld({**data, "publisher": publisher})


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
    # The i18n extension compiles {% trans %} for new-style callables when this is set.
    env.newstyle_gettext = True
    env.globals.update(gettext=_gettext, ngettext=_ngettext)
    env.globals.update(
        url=url, static=static_file, language_links=language_links, language_info=translation.get_language_info,
        json_ld_with_publisher=json_ld_with_publisher, mirror_public_key=public_key_for_readers,
    )
    env.filters["date"] = _page_date
    env.filters["month_names"] = _month_names
    # Wagtail's own filter renders a Django template around the HTML on every call.
    env.filters["richtext"] = richtext
    return env
