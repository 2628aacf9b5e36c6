"""The sign-on form: what a signer sends, limited in size and kept to plain text."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Organisation
from .signon import plain_text


@functools.lru_cache(maxsize=8)
def country_choices(language):
    """Every country, named and sorted in ``language``: sorted once per language, not once per request."""
    return (("", "—"), *((code, str(name)) for code, name in countries))


@functools.lru_cache(maxsize=8)
def _country_options(language):
    choices = country_choices(language)
    return "".join(f'<option value="{escape(code)}">{escape(label)}</option>' for code, label in choices)


def _tag(name, attrs):
    return f"<{name}{flatatt(attrs)}>"


class CountrySelect(forms.Select):
    """The countries, written in Python and escaped once per language: some 250 options through Django's
    template engine (or even its choice normalising) cost most of the sign-on page."""

    def render(self, name, value, attrs=None, renderer=None):
        options = _country_options(get_language())
        marker = f'<option value="{escape("" if value is None else value)}">'
        options = options.replace(marker, marker[:-1] + " selected>", 1)
        return mark_safe(_tag("select", {**self.build_attrs(self.attrs, attrs), "name": name}) + options + "</select>")


class QuickInput:
    """An input written in Python rather than through a template (the sign-on page is rendered for each signer)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.build_attrs(self.attrs, attrs), "type": self.input_type, "name": name}
        value = self.format_value(value)
        if value not in (None, ""):
            attrs["value"] = value
        return mark_safe(_tag("input", attrs))


class QuickTextInput(QuickInput, forms.TextInput):
    pass


class QuickEmailInput(QuickInput, forms.EmailInput):
    pass


class QuickHiddenInput(QuickInput, forms.HiddenInput):
    pass


class QuickTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        text = escape(self.format_value(value) or "")
        opening = _tag("textarea", {**self.build_attrs(self.attrs, attrs), "name": name})
        return mark_safe(f"{opening}\n{text}</textarea>")


class QuickCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.build_attrs(self.attrs, attrs), "type": "checkbox", "name": name}
        if self.check_test(value):
            attrs["checked"] = True
        return mark_safe(_tag("input", attrs))


class SignOnForm(forms.Form):
    """A signature for one statement; ``website`` is a honeypot people never see or fill."""

    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, widget=QuickTextInput)
    chosen_organisation = forms.IntegerField(required=False, widget=QuickHiddenInput)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=CountrySelect)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, widget=QuickTextInput)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254, widget=QuickEmailInput)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False, widget=QuickTextarea)
    signs_as_individual = forms.BooleanField(label=_("I sign as an individual"), required=False, widget=QuickCheckbox)
    individual_title = forms.CharField(label=_("Your title"), max_length=200, required=False, widget=QuickTextInput)
    consent = forms.BooleanField(widget=QuickCheckbox, label=_(
        "I agree that the organisation's name (or mine, as an individual, with my title) and country are "
        "published with the statement. The contact name, e-mail and comment are never published."))
    website = forms.CharField(required=False, label=_("Leave this field empty"), widget=QuickTextInput)

    def __init__(self, *args, allows_individuals=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable: Django keeps it as it is, instead of normalising some 250 choices for every form.
        self.fields["country"].choices = functools.partial(country_choices, get_language())
        if not allows_individuals:
            del self.fields["signs_as_individual"]
            del self.fields["individual_title"]

    def is_bot(self):
        """Whether the honeypot was filled: the sender is told all went well and nothing is kept."""
        return bool(self.data.get("website"))

    def clean_organisation_name(self):
        return self._required_text("organisation_name")

    def clean_contact_name(self):
        return self._required_text("contact_name")

    def clean_individual_title(self):
        return plain_text(self.cleaned_data.get("individual_title"))

    def clean_comment(self):
        return plain_text(self.cleaned_data.get("comment"), multiline=True)

    def clean_chosen_organisation(self):
        chosen = self.cleaned_data.get("chosen_organisation")
        return Organisation.objects.visible_to_readers().filter(pk=chosen).first() if chosen else None

    def _required_text(self, name):
        text = plain_text(self.cleaned_data.get(name))
        if not text:
            raise forms.ValidationError(_("Write this as text, without markup."))
        return text
