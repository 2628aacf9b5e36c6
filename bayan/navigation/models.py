"""The organisation's menus: one per language and place (the header's, the footer's), edited in the admin."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable
from wagtail.snippets.models import register_snippet

from .links import check_address


@register_snippet
class Menu(ClusterableModel):
    """The links of one place of the site (header or footer) in one language, in order."""

    HEADER, FOOTER = "header", "footer"
    PLACES = [(HEADER, _("Header")), (FOOTER, _("Footer"))]

    language = models.CharField(_("language"), max_length=15, choices=settings.LANGUAGES)
    place = models.CharField(_("place"), max_length=10, choices=PLACES, default=HEADER)

    panels = [FieldPanel("language"), FieldPanel("place"), InlinePanel("items", label=_("Link"), heading=_("Links"))]

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["language", "place"]
        constraints = [models.UniqueConstraint(fields=["language", "place"], name="one_menu_per_language_and_place")]

    def __str__(self):
        return f"{self.get_place_display()} ({self.get_language_display()})"


class MenuItem(Orderable):
    """One link of a menu: to a page of the site, or to an address (an archive, an index, another site).

    ``nested`` puts the link under the nearest link above it that is not nested: menus have
    one level of nesting, no more.
    """

    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("label"), max_length=100, blank=True,
                             help_text=_("Optional for a page: its title is used."))
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    address = models.CharField(
        _("address"), max_length=500, blank=True,
        help_text=_("Instead of a page: an address on this site such as /en/category/statements/, or a full "
                    "https:// or mailto: address."))
    nested = models.BooleanField(_("under the link above"), default=False,
                                 help_text=_("Shown in the drop-down of the nearest link above that is not nested."))

    panels = [FieldPanel("label"), PageChooserPanel("page"), FieldPanel("address"), FieldPanel("nested")]

    class Meta(Orderable.Meta):
        verbose_name = _("menu link")

    def __str__(self):
        return self.label or self.address or (self.page.title if self.page_id else "")

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.address.strip()):
            raise ValidationError(_("Choose a page or give an address, one of the two."))
        if self.address.strip():
            try:
                check_address(self.address)
            except ValidationError as refused:
                raise ValidationError({"address": refused.messages}) from None
            self.address = self.address.strip()
            if not self.label.strip():
                raise ValidationError({"label": _("A link to an address needs a label.")})
