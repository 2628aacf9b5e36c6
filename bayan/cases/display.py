"""How case records read on reader pages: dates at their precision, a status and its date, days deprived of liberty.

Shared by the person pages, the persons index, their feeds and the anniversaries page, so
that a date known only to a month reads "December 2013" everywhere, in the organisation's
Arabic month style.
"""

from django.utils import dateformat, translation
from django.utils.translation import gettext, ngettext, pgettext

from bayan.identity.months import MonthStyle, in_month_style

from .dates import PartialDate, Precision
from .timeline import Status

# Written the same way in both languages: "16 February 2012", "16 فبراير 2012".
_FORMATS = {Precision.DAY: "j F Y", Precision.MONTH: "F Y", Precision.YEAR: "Y"}


def date_at_precision(partial_date, language, month_style=MonthStyle.EGYPTIAN):
    """``partial_date`` as readers of ``language`` write it, no finer than it is known: a day, a month or a year."""
    if partial_date is None:
        return ""
    with translation.override(language):
        text = dateformat.format(partial_date.first_day, _FORMATS.get(partial_date.precision, _FORMATS[Precision.DAY]))
    return in_month_style(text, month_style) if language == "ar" else text


def date_range_at_precision(start, end_day, language, month_style=MonthStyle.EGYPTIAN):
    """An event's date, with its end day when it lasted ("3 March 2014 – 9 April 2014")."""
    text = date_at_precision(start, language, month_style)
    if end_day is None or end_day == start.first_day:
        return text
    return f"{text} – {date_at_precision(PartialDate(end_day, Precision.DAY), language, month_style)}"


def _dead_sentence(cause_type, is_day):
    # How the person died is told by the event that made them dead.
    if cause_type == "killed":
        return gettext("Killed on %(date)s") if is_day else gettext("Killed in %(date)s")
    if cause_type == "executed":
        return gettext("Executed on %(date)s") if is_day else gettext("Executed in %(date)s")
    if cause_type == "died_in_custody":
        return gettext("Died in custody on %(date)s") if is_day else gettext("Died in custody in %(date)s")
    return gettext("Death confirmed on %(date)s") if is_day else gettext("Death confirmed in %(date)s")


def status_sentence(status, since, cause_type, language, month_style=MonthStyle.EGYPTIAN):
    """"Detained since 16 February 2012", "Missing since December 2013", "Released on ...", "Killed on ..."."""
    if since is None or status == Status.UNKNOWN:
        with translation.override(language):
            return gettext("Status unknown")
    when = date_at_precision(since, language, month_style)
    is_day = since.precision == Precision.DAY
    with translation.override(language):
        if status == Status.DETAINED:
            sentence = gettext("Detained since %(date)s")
        elif status == Status.MISSING:
            sentence = gettext("Missing since %(date)s")
        elif status == Status.RELEASED:
            sentence = gettext("Released on %(date)s") if is_day else gettext("Released in %(date)s")
        else:
            sentence = _dead_sentence(cause_type, is_day)
        return sentence % {"date": when}


def status_label(status, language):
    """The status's short name, for badges and filters: "Detained", "Missing", "Released", "Dead", "Unknown"."""
    labels = {
        Status.DETAINED: pgettext("person status", "Detained"),
        Status.MISSING: pgettext("person status", "Missing"),
        Status.RELEASED: pgettext("person status", "Released"),
        Status.DEAD: pgettext("person status", "Dead"),
        Status.UNKNOWN: pgettext("person status", "Unknown"),
    }
    with translation.override(language):
        return str(labels.get(status, labels[Status.UNKNOWN]))


def days_sentence(days, approximate, language):
    """"4,312 days deprived of liberty", or "about 3,990 days ..." when the start is known to a month or a year."""
    if days is None:
        return ""
    # Arabic readers group digits with "٬" or not at all; Django's "." would read as a decimal point.
    number = str(days) if language == "ar" else f"{days:,}"
    with translation.override(language):
        if approximate:
            sentence = ngettext("about %(days)s day deprived of liberty", "about %(days)s days deprived of liberty",
                                days)
        else:
            sentence = ngettext("%(days)s day deprived of liberty", "%(days)s days deprived of liberty", days)
        return sentence % {"days": number}
