"""The post editor's form: a post is filed only under categories of its own language."""

from wagtail.admin.forms import WagtailAdminPageForm


class PostPageForm(WagtailAdminPageForm):
    """Offers the category and "also filed under" choices of the post's language alone.

    A category of another language sent anyway is refused as any choice not offered
    is; the model's ``clean()`` refuses it too for saves that come from elsewhere.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = getattr(self.instance, "locale_id", None)
        if locale_id is None:
            return
        for name in ("category", "other_categories"):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(locale_id=locale_id)
