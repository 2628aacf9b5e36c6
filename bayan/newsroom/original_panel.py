"""The original beside the translation: a read-only panel in the post editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class OriginalPanel(Panel):
    """Shows the post's counterpart in another language (title, excerpt, body) while a translator writes.

    Shown only on a post that has one; the newest other-language version is shown,
    as it stands in its latest revision.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("The original"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "original"

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsroom/admin/original_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.original = self._original()

        def _original(self):
            post = self.instance
            if post is None or post.pk is None:
                return None
            found = (type(post).objects.filter(translation_key=post.translation_key)
                     .exclude(locale_id=post.locale_id).select_related("locale").order_by("-latest_revision_created_at")
                     .first())
            return found.get_latest_revision_as_object() if found else None

        def is_shown(self):
            return self.original is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["original"] = self.original
            context["original_language"] = self.original.locale.get_display_name()
            return context
