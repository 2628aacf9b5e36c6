"""The sign-on form: what a signer sends, limited in size and kept to plain text."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Organisation
from .signon import plain_text


class SignOnForm(forms.Form):
    """A signature for one statement; ``website`` is a honeypot people never see or fill."""

    organisation_name = forms.CharField(label=_("Organisation"), max_length=300)
    chosen_organisation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    country = forms.ChoiceField(label=_("Country"), required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea)
    signs_as_individual = forms.BooleanField(label=_("I sign as an individual"), required=False)
    individual_title = forms.CharField(label=_("Your title"), max_length=200, required=False)
    consent = forms.BooleanField(label=_(
        "I agree that the organisation's name (or mine, as an individual, with my title) and country are "
        "published with the statement. The contact name, e-mail and comment are never published."))
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, allows_individuals=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
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
