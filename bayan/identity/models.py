"""The organisation a Bayan site belongs to: its names in each language, logos, icon, contacts and profiles.

One row, edited in the admin under Settings → Organisation. Reader pages read it through
``organisation.py``, held per content generation, so it costs no query per request.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from .favicons import make_favicons
from .forms import IdentityForm
from .months import MonthStyle
from .uploads import check_image

_https_address = URLValidator(schemes=["https"])


def https_address(value):
    """Refuse a link that is not an https:// address (javascript:, data:, plain http, a bare word)."""
    try:
        _https_address(value)
    except ValidationError:
        raise ValidationError(
            _("A profile link must be an address starting with https:// (not “%(value)s”)."),
            params={"value": value[:60]}, code="https_only",
        ) from None


@register_setting(icon="site", name="organisation")
class Identity(BaseGenericSetting, ClusterableModel):
    """The organisation: what does not change with the language, and its texts per language (``texts``)."""

    logo = models.FileField(
        _("logo"), upload_to="identity/logos/", blank=True,
        help_text=_("SVG, PNG, JPEG, WebP or GIF, at most 1 MB. Shown in every page's header."))
    logo_dark = models.FileField(
        _("logo for dark backgrounds"), upload_to="identity/logos/", blank=True,
        help_text=_("Optional: shown instead of the logo when the reader's system uses a dark theme."))
    logo_print = models.FileField(
        _("logo for print"), upload_to="identity/logos/", blank=True,
        help_text=_("Optional: printed instead of the logo (a black-and-white version, for example)."))
    icon = models.FileField(
        _("square icon"), upload_to="identity/icons/", blank=True,
        help_text=_("PNG, JPEG, WebP or GIF, ideally 512×512 pixels. The favicon and the icons phones show "
                    "are made from it; without it, from the logo when the logo is not an SVG."))
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    arabic_months = models.CharField(
        _("Arabic month names"), max_length=10, choices=MonthStyle.choices, default=MonthStyle.EGYPTIAN,
        help_text=_("How months are named in every date on the Arabic pages."))
    # Worked out from the uploads when saved, so pages never open the files.
    logo_width = models.PositiveIntegerField(default=0, editable=False)
    logo_height = models.PositiveIntegerField(default=0, editable=False)
    favicon_digest = models.CharField(max_length=16, blank=True, editable=False)

    base_form_class = IdentityForm
    panels = [
        InlinePanel("texts", label=_("Names and texts per language"), min_num=1,
                    max_num=len(settings.LANGUAGES)),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_dark"), FieldPanel("logo_print"), FieldPanel("icon")],
                        heading=_("Logo and icon")),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        InlinePanel("profile_links", label=_("Profiles elsewhere")),
        FieldPanel("arabic_months"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return str(_("Organisation"))

    def save(self, *args, **kwargs):
        logo = self._read(self.logo)
        if logo is None:
            self.logo_width = self.logo_height = 0
        else:
            checked = check_image(logo, self.logo.name, str(_("logo")))
            self.logo_width, self.logo_height = checked.width, checked.height
        icon = self._read(self.icon)
        source = icon if icon is not None else logo if logo is not None and not checked.is_svg else None
        self.favicon_digest = make_favicons(source) if source is not None else ""
        super().save(*args, **kwargs)

    @staticmethod
    def _read(field_file):
        if not field_file:
            return None
        field_file.open("rb")
        try:
            field_file.seek(0)
            return field_file.read()
        finally:
            field_file.seek(0)


class IdentityText(models.Model):
    """The organisation's names and texts in one language."""

    identity = ParentalKey(Identity, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=40, blank=True,
                                  help_text=_("Where the full name is too long: a phone's home screen."))
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.CharField(
        _("description"), max_length=300, blank=True,
        help_text=_("What search engines show under the site's name when a page has no description of its own."))
    address = models.TextField(_("postal address"), blank=True)

    panels = [FieldPanel("language"), FieldPanel("name"), FieldPanel("short_name"), FieldPanel("tagline"),
              FieldPanel("description"), FieldPanel("address")]

    class Meta:
        verbose_name = _("texts in one language")
        constraints = [models.UniqueConstraint(fields=["identity", "language"], name="identity_text_per_language")]

    def __str__(self):
        return self.name


class ProfileLink(Orderable):
    """A link to the organisation's profile on another site."""

    identity = ParentalKey(Identity, on_delete=models.CASCADE, related_name="profile_links")
    label = models.CharField(_("label"), max_length=60, help_text=_("What readers see, e.g. Mastodon."))
    url = models.CharField(_("address"), max_length=500, validators=[https_address],
                           help_text=_("The profile's address, starting with https://"))

    panels = [FieldPanel("label"), FieldPanel("url")]

    def __str__(self):
        return self.label
