"""The case records' admin forms: the persons picker of an event, the event's date, the derived status.

The persons of an event are picked by name from the server (``admin_views.find_persons``),
never from a list of every person: a newsroom may follow ten thousand. Only the persons
already chosen are in the page.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import HelpPanel

from .dates import DateError, PartialDate, Precision
from .models import Person


class PersonsPicker(forms.SelectMultiple):
    """Chosen persons as ticked boxes, and a name search that adds more (see cases/admin_persons_picker.js).

    Unticking a box takes the person off; the form field checks every id against the
    database, so only the chosen ones are ever read to draw it.
    """

    template_name = "cases/admin_persons_picker.html"

    class Media:
        js = ["cases/admin_persons_picker.js"]

    def get_context(self, name, value, attrs):
        context = super(forms.SelectMultiple, self).get_context(name, value, attrs)
        ids = [str(pk) for pk in (value or []) if str(pk).isdigit()]
        context["chosen"] = list(Person.objects.filter(pk__in=ids).order_by("name_en", "name_ar"))
        context["search_url"] = reverse("cases_admin:find_persons")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's (which sees only the apps' own).
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def format_value(self, value):
        if value is None:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(getattr(item, "pk", item)) for item in values if item not in ("", None)]


class RolesInAdminLanguage(forms.CheckboxSelectMultiple):
    """The roles as boxes, each named in the admin's language."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        role = getattr(value, "instance", None)
        if role is not None:
            option["label"] = role.name_in(get_language())
        return option


PRECISION_CHOICES = [("", _("as written")), *Precision.choices]


class EventForm(WagtailAdminModelForm):
    """An event's date typed as a spreadsheet holds it (YYYY-MM-DD, YYYY-MM or YYYY), its precision
    taken from the form unless chosen; the model's own checks (``Event.clean``) then apply."""

    when = forms.CharField(
        label=_("Date"), max_length=10,
        help_text=_("2013-12-09 for a day, 2013-12 for a month, 2013 for a year."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "YYYY-MM-DD", "dir": "ltr"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["precision"] = forms.ChoiceField(
            label=_("Known to the"), choices=PRECISION_CHOICES, required=False,
            help_text=_("Leave “as written” to take it from the date: 2013-12 is known to the month."))
        if self.instance.pk and self.instance.date:
            self.initial.setdefault("when", self.instance.when.iso())
            self.initial["precision"] = ""

    def clean(self):
        cleaned = super().clean()
        try:
            when = PartialDate.parse(cleaned.get("when", ""), cleaned.get("precision", ""))
        except DateError as error:
            if "when" not in self.errors:
                self.add_error("when", str(error))
            return cleaned
        # The end date and the other checks are the model's (Event.clean), run after this.
        self.instance.date = when.first_day
        cleaned["precision"] = when.precision
        return cleaned


class DerivedStatusPanel(HelpPanel):
    """The person's status as the events make it, shown read-only: it is never typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "cases/admin_status_panel.html")
        kwargs.setdefault("heading", _("Status"))
        super().__init__(**kwargs)
