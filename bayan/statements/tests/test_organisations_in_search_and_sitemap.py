"""Organisations are found by the site search in either script, and listed in the sitemap."""

import lxml.html
import pytest

from bayan.statements.models import Visibility

from .factories import make_organisation

pytestmark = pytest.mark.django_db


def _section(client, query, language="en"):
    page = lxml.html.fromstring(client.get(f"/{language}/search/", {"q": query}).content)
    return [link.text_content().strip() for link in page.xpath(
        "//section[@aria-labelledby='search-section-organisations']//a")]


@pytest.mark.parametrize("query", ["Committee to Protect Journalists", "CPJ", "لجنة حماية الصحفيين",
                                   "لجنه حمايه الصحفيين", "protect journalists"])
def test_an_organisation_is_found_by_its_names_in_both_scripts(client, query):
    make_organisation("Committee to Protect Journalists", "لجنة حماية الصحفيين", short_name_en="CPJ")
    assert _section(client, query) == ["Committee to Protect Journalists"]


def test_an_internal_organisation_is_found_by_nothing(client):
    make_organisation("Quiet Partner Network", visibility=Visibility.INTERNAL)
    assert _section(client, "Quiet Partner Network") == []


def test_the_sitemap_lists_public_organisations_and_the_index(client):
    make_organisation("Open Signer")
    make_organisation("Quiet Signer", visibility=Visibility.INTERNAL)
    content = client.get("/sitemap-organisations-en.xml").content.decode()
    assert "/en/organisation/open-signer/" in content and "/en/organisation/</loc>" in content
    assert "quiet-signer" not in content
    assert "sitemap-organisations-ar.xml" in client.get("/sitemap.xml").content.decode()
