"""The admin's form for the organisation: uploads checked, an SVG cleaned (the formset refuses a repeated language)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms import WagtailAdminModelForm

from .uploads import check_image, check_size


class IdentityForm(WagtailAdminModelForm):
    """Refuses what may not be a logo or an icon, with a message naming the field; keeps an SVG's clean copy."""

    def _checked_upload(self, field_name, allow_svg=True):
        upload = self.cleaned_data.get(field_name)
        if not isinstance(upload, UploadedFile):
            # Nothing new: the file already kept, or cleared.
            return upload
        label = str(self.fields[field_name].label).lower()
        # Before reading it: an oversized upload is never taken into memory.
        check_size(upload.size, label)
        checked = check_image(upload.read(), upload.name, label, allow_svg=allow_svg)
        if checked.is_svg:
            return ContentFile(checked.data, name=upload.name)
        upload.seek(0)
        return upload

    def clean_logo(self):
        return self._checked_upload("logo")

    def clean_logo_dark(self):
        return self._checked_upload("logo_dark")

    def clean_logo_print(self):
        return self._checked_upload("logo_print")

    def clean_icon(self):
        return self._checked_upload("icon", allow_svg=False)
