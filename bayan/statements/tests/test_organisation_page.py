"""An organisation's page lists every statement it signed that readers may see, and who it signs with most."""

import json

import lxml.html
import pytest
import time_machine
from django.utils import timezone

from bayan.cases.tests.factories import make_person
from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import AffiliationMatch, ProposalState, Signatory, Visibility
from bayan.tests.committing import committed

from .factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db


def _page(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return lxml.html.fromstring(response.content) if status == 200 else None


def _titles(page):
    return [" ".join(link.text_content().split()) for link in page.xpath("//section[@class='organisation-statements']"
                                                                         "//h3[@class='entry-title']")]


def test_the_page_lists_signed_statements_newest_first_in_the_readers_language(client):
    signer = make_organisation("Levant Press Observatory", "مرصد المشرق للصحافة", country="LB", short_name_en="LPO")
    older = make_post(title="Older statement", slug="older", days_ago=30)
    newer = make_post(title="Newer statement", slug="newer", days_ago=2)
    make_post("ar", "البيان الأحدث", slug="الأحدث", date=newer.date, translation_of=newer)
    make_statement(older, signer)
    make_statement(newer, signer)
    page = _page(client, "/en/organisation/levant-press-observatory/")
    assert page.xpath("string(//h1)").split() == ["Levant", "Press", "Observatory", "(LPO)"]
    assert "Lebanon" in page.xpath("string(//p[@class='organisation-facts'])")
    assert _titles(page) == ["Newer statement", "Older statement"]
    arabic = _page(client, "/ar/organisation/levant-press-observatory/")
    assert "لبنان" in arabic.xpath("string(//p[@class='organisation-facts'])")
    assert _titles(arabic) == ["البيان الأحدث", "Older statement (English)"]
    assert arabic.xpath("//h3[@class='entry-title']/a")[1].get("hreflang") == "en"


def test_statements_readers_may_not_see_are_not_listed(client):
    signer = make_organisation("Signer")
    make_statement(make_post(title="Embargoed", slug="embargoed", date=timezone.now() + timezone.timedelta(days=2)),
                   signer)
    draft = make_post(title="Draft", slug="draft")
    draft.unpublish()
    make_statement(draft, signer)
    page = _page(client, "/en/organisation/signer/")
    assert _titles(page) == []


def test_co_signers_are_the_public_organisations_it_signs_with_most(client):
    signer, often, once = make_organisation("Signer"), make_organisation("Often Together"), make_organisation("Once")
    hidden = make_organisation("Hidden Partner", visibility=Visibility.INTERNAL)
    make_statement(make_post(), signer, often, once, hidden)
    make_statement(make_post(), signer, often, hidden)
    page = _page(client, "/en/organisation/signer/")
    rows = [" ".join(item.text_content().split()) for item in page.xpath("//ul[@class='co-signer-list']/li")]
    assert rows == ["Often Together 2 statements", "Once 1 statement"]


def test_confirmed_affiliations_show_the_public_persons(client):
    signer = make_organisation("Signer")
    confirmed, proposed = make_person("Nour Example"), make_person("Sami Example")
    internal = make_person("Hidden Person", visibility="internal")
    AffiliationMatch.objects.create(person=confirmed, organisation=signer, state=ProposalState.ACCEPTED)
    AffiliationMatch.objects.create(person=proposed, organisation=signer)
    AffiliationMatch.objects.create(person=internal, organisation=signer, state=ProposalState.ACCEPTED)
    page = _page(client, "/en/organisation/signer/")
    assert [link.text for link in page.xpath("//section[@class='organisation-persons']//a")] == ["Nour Example"]


def test_an_internal_or_unknown_organisation_is_not_found(client):
    make_organisation("Quiet", visibility=Visibility.INTERNAL)
    _page(client, "/en/organisation/quiet/", status=404)
    _page(client, "/en/organisation/nobody/", status=404)


def test_json_ld_describes_the_organisation(client):
    make_organisation("Signer", "الموقّع", website="https://signer.example.org/", country="SY")
    page = _page(client, "/en/organisation/signer/")
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Organization" and data["name"] == "Signer"
    assert data["alternateName"] == ["الموقّع"] and data["sameAs"] == "https://signer.example.org/"


def test_late_signatures_are_marked(client):
    signer = make_organisation("Signer")
    statement = make_statement(make_post(slug="joint"))
    Signatory.objects.create(statement=statement, organisation=signer, after_publication=True)
    page = _page(client, "/en/organisation/signer/")
    assert "signed after publication" in page.xpath("string(//p[@class='entry-date'])")


def test_a_statement_withdrawn_after_the_page_was_read_is_no_longer_listed(client):
    signer = make_organisation("Signer")
    post = make_post(title="Withdrawn statement", slug="withdrawn")
    committed(make_statement, post, signer)
    assert _titles(_page(client, "/en/organisation/signer/")) == ["Withdrawn statement"]
    committed(post.unpublish)
    assert _titles(_page(client, "/en/organisation/signer/")) == []


def test_an_embargoed_statement_is_listed_once_it_comes_due(client):
    signer = make_organisation("Signer")
    due = timezone.now() + timezone.timedelta(hours=3)
    committed(make_statement, make_post(title="Statement under embargo", slug="under-embargo", date=due), signer)
    assert _titles(_page(client, "/en/organisation/signer/")) == []
    with time_machine.travel(due + timezone.timedelta(minutes=1)):
        assert _titles(_page(client, "/en/organisation/signer/")) == ["Statement under embargo"]
