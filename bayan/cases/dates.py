"""Dates known to a day, a month or a year, as documentation records them.

A date is stored as its first day (``2015-10`` is 1 October 2015) beside its precision:
it sorts there, counts from there ("about N days"), and is written back at its
precision (``2015-10``, "October 2015", "أكتوبر 2015").
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_FORMS = {
    Precision.DAY: re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    Precision.MONTH: re.compile(r"(\d{4})-(\d{2})"),
    Precision.YEAR: re.compile(r"(\d{4})"),
}
_ORDER = [Precision.YEAR, Precision.MONTH, Precision.DAY]


class DateError(ValueError):
    """A date that cannot be: its message says why, for the person who typed it."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day, month or year: ``first_day`` is where it starts, ``precision`` how much of it is known."""

    first_day: date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text, precision=""):
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``precision`` empty takes it from the form.

        A precision coarser than the form is accepted when the finer parts are the first
        (``2013-12-01`` with ``month`` is December 2013), since spreadsheets often hold
        whole dates; any other disagreement is an error, as is a day that does not exist.
        """
        text = (text or "").strip()
        form = next((name for name, pattern in _FORMS.items() if pattern.fullmatch(text)), None)
        if form is None:
            raise DateError(_("“%(text)s” is not a date written YYYY-MM-DD, YYYY-MM or YYYY.") % {"text": text})
        parts = [int(part) for part in _FORMS[form].fullmatch(text).groups()]
        year, month, day = (parts + [1, 1])[:3]
        try:
            first_day = date(year, month, day)
        except ValueError:
            raise DateError(_("%(text)s is not a day of the calendar.") % {"text": text}) from None
        precision = (precision or "").strip() or form
        if precision not in _ORDER:
            raise DateError(_("“%(precision)s” is not a precision: use day, month or year.") % {"precision": precision})
        if _ORDER.index(precision) > _ORDER.index(form):
            raise DateError(_("%(text)s is not precise to the %(precision)s.") % {"text": text, "precision": precision})
        if (precision == Precision.YEAR and (month, day) != (1, 1)) or (precision == Precision.MONTH and day != 1):
            raise DateError(
                _("%(text)s names a day, but its precision is only the %(precision)s.")
                % {"text": text, "precision": precision})
        return cls(first_day, Precision(precision))

    def iso(self):
        """``2015-10-03``, ``2015-10`` or ``2015``: the date at its precision."""
        if self.precision == Precision.YEAR:
            return f"{self.first_day.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.first_day.year:04d}-{self.first_day.month:02d}"
        return self.first_day.isoformat()

    def last_day(self):
        """The last day the date may stand for (itself for a day)."""
        if self.precision == Precision.YEAR:
            return date(self.first_day.year, 12, 31)
        if self.precision == Precision.MONTH:
            following = date(self.first_day.year + self.first_day.month // 12, self.first_day.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return self.first_day

    @property
    def is_approximate(self):
        return self.precision != Precision.DAY

    def __str__(self):
        return self.iso()
