"""A document only hidden pages link to is not served to readers; editors always get it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return Document.objects.create(title="Detention report", file=ContentFile(b"%PDF-1.4 report", "report.pdf"))


def linking(document):
    return f'<p>Read <a linktype="document" id="{document.pk}">the report</a>.</p>'


def test_a_document_linked_from_a_published_post_is_served(client, report):
    make_post(body=linking(report))
    assert client.get(report.url).status_code == 200


@pytest.mark.parametrize("hidden", [{"live": False}, {"date_ahead": True}])
def test_a_document_linked_only_from_a_hidden_post_is_not_found(client, report, admin_client, hidden):
    if hidden.get("date_ahead"):
        make_post(body=linking(report), date=timezone.now() + timedelta(days=1))
    else:
        make_post(body=linking(report), live=False)
    assert client.get(report.url).status_code == 404
    assert admin_client.get(report.url).status_code == 200


def test_a_document_no_page_links_to_is_not_found(client, report):
    assert client.get(report.url).status_code == 404
