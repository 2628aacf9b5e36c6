"""Wagtail's account page saves every panel at once, and its name panel insists on a first
and a last name: an editor who never gave them could change nothing else there, not even
the admin's language. Here the name (and the email) may be left as they are, empty.
"""

from wagtail.admin.forms.account import NameEmailForm


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's form, its labels and checks, with every field optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            if name in self.fields:
                self.fields[name].required = False


def allow_an_empty_name():
    from wagtail.admin.views.account import NameEmailSettingsPanel

    NameEmailSettingsPanel.form_class = OptionalNameEmailForm
