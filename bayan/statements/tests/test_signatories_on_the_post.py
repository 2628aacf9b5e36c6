"""A joint statement's post ends with its signatories, in the reader's language, the same on every translation."""

import json

import lxml.html
import pytest
from django.utils import timezone

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Signatory, Visibility

from .factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db


def _page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return lxml.html.fromstring(response.content)


def _listed(page):
    return [" ".join(item.text_content().split()) for item in page.xpath("//section[@class='statement-signatories']"
                                                                          "/ol[@class='signatory-list']/li")]


def test_the_list_shows_each_organisation_in_the_readers_language_else_the_other(client):
    post = make_post(title="Joint statement", slug="joint")
    both = make_organisation("Levant Press Observatory", "مرصد المشرق للصحافة")
    english_only = make_organisation("Harbour Writers Union", "")
    make_statement(post, both, english_only)
    assert _listed(_page(client, "/en/joint/")) == ["Levant Press Observatory", "Harbour Writers Union"]
    make_post("ar", "بيان مشترك", slug="مشترك", date=post.date, translation_of=post)
    assert _listed(_page(client, "/ar/مشترك/")) == ["مرصد المشرق للصحافة", "Harbour Writers Union"]


def test_internal_organisations_are_counted_never_named(client):
    post = make_post(slug="joint")
    quiet = [make_organisation(name, visibility=Visibility.INTERNAL) for name in ("Quiet Partner", "Another Quiet")]
    make_statement(post, make_organisation("Named One"), *quiet)
    response = client.get("/en/joint/")
    text = response.content.decode()
    assert "Quiet Partner" not in text and "Another Quiet" not in text
    page = lxml.html.fromstring(response.content)
    assert page.xpath("string(//h2[@id='signatories-title'])").split() == ["Signatories", "(3)"]
    assert "And 2 organisations that asked not to be named." in " ".join(text.split())


def test_individuals_are_listed_with_their_title_and_late_signatures_apart_with_their_date(client):
    post = make_post(slug="joint")
    statement = make_statement(post, make_organisation("First Signer"), allows_individuals=True)
    Signatory.objects.create(statement=statement, individual_name="Mona Example", individual_title="lawyer",
                             sort_order=1)
    Signatory.objects.create(statement=statement, organisation=make_organisation("Late Signer"),
                             after_publication=True, signed_on=timezone.localdate().replace(year=2026, month=3, day=9))
    page = _page(client, "/en/joint/")
    assert _listed(page)[:2] == ["First Signer", "Mona Example, lawyer"]
    late = page.xpath("//ol[contains(@class, 'signatory-late')]/li")
    assert " ".join(late[0].text_content().split()) == "Late Signer (9 March 2026)"
    assert page.xpath("string(//h3[@class='signatory-late-title'])") == "Signed after publication"


def test_json_ld_names_the_signatories_as_contributors(client):
    post = make_post(slug="joint")
    make_statement(post, make_organisation("First Signer"), make_organisation("Hidden", visibility=Visibility.INTERNAL))
    page = _page(client, "/en/joint/")
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert [entry["name"] for entry in data["contributor"]] == ["First Signer"]
    assert data["contributor"][0]["url"].endswith("/en/organisation/first-signer/")


def test_a_post_that_is_no_statement_has_no_list(client):
    make_post(slug="plain")
    page = _page(client, "/en/plain/")
    assert not page.xpath("//section[@class='statement-signatories']")


def test_the_feed_item_says_who_signed(client):
    post = make_post(slug="joint")
    make_statement(post, make_organisation("First Signer"), make_organisation("Second Signer"),
                   make_organisation("Hidden", visibility=Visibility.INTERNAL))
    content = client.get("/en/feed/").content.decode()
    assert ("Signed by 3 organisations and persons: First Signer, Second Signer and 1 organisation that asked "
            "not to be named.") in content
    assert "Hidden" not in content
