"""Arabic month names in the style the organisation chose: Egyptian (يناير), Levantine (كانون الثاني), or both.

Django writes Arabic dates with the Egyptian names; the other styles rewrite them after
formatting, so every format (day and month, month and year) follows the same choice.
"""

import re

from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _


class MonthStyle(models.TextChoices):
    EGYPTIAN = "egyptian", _("Egyptian style (يناير)")
    LEVANTINE = "levantine", _("Levantine style (كانون الثاني)")
    BOTH = "both", _("Both (كانون الثاني/يناير)")


EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
            "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
# Django spells April إبريل in some formats and أبريل in others: both are the same month.
_SPELLINGS = {name: index for index, name in enumerate(EGYPTIAN)} | {"إبريل": 3}
_EGYPTIAN_NAME = re.compile("|".join(sorted(_SPELLINGS, key=len, reverse=True)))


def in_month_style(text, style):
    """``text`` (a date written by Django in Arabic) with its month names in ``style``."""
    if style == MonthStyle.LEVANTINE:
        return _EGYPTIAN_NAME.sub(lambda match: LEVANTINE[_SPELLINGS[match.group()]], text)
    if style == MonthStyle.BOTH:
        return _EGYPTIAN_NAME.sub(
            lambda match: f"{LEVANTINE[_SPELLINGS[match.group()]]}/{EGYPTIAN[_SPELLINGS[match.group()]]}", text)
    return text


def written_date(value, format_name, language, style):
    """A date (or an aware datetime, already in the site's time zone) as reader pages write it in ``language``."""
    with translation.override(language):
        text = formats.date_format(value, format_name)
    return in_month_style(text, style) if language == "ar" else text
