"""Which documents readers may download: those a page readers may see links to.

A report attached to a statement under embargo must not be fetched by guessing its
address before the statement is out: a document is served to a reader only when a
published, unrestricted, due page refers to it (Wagtail's reference index records every
link from a page's body). Editors signed in to the admin get every document.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from .models import pages_visible_to_readers


def is_document_public(document, now=None):
    """Whether a page readers may see links to ``document``."""
    referring_pages = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list(Cast("object_id", BigIntegerField()), flat=True)
    )
    return pages_visible_to_readers(now).filter(pk__in=referring_pages).exists()


def may_download(user, document):
    """Whether ``user`` (anonymous or not) may download ``document``: editors always, readers when it is public."""
    return user.has_perm("wagtailadmin.access_admin") or is_document_public(document)
