"""Whatever an organisation or a signer is called, it is text everywhere readers meet it: never markup."""

import json

import lxml.html
import pytest

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Signatory

from .factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "javascript:alert(3)",
    "<svg/onload=alert(4)>",
    "{{ 7*7 }} {% debug %}",
    "&lt;b&gt;entity&lt;/b&gt;",
    "\u202eevil\u202c <b>bold</b>",
]


@pytest.fixture
def statement_with_payloads():
    post = make_post(slug="joint")
    statement = make_statement(post, allows_individuals=True)
    for place, payload in enumerate(PAYLOADS):
        organisation = make_organisation(f"Org {payload}", f"منظمة {payload}", short_name_en=payload[:50],
                                         slug=f"org-{place}")
        Signatory.objects.create(statement=statement, organisation=organisation, sort_order=place * 2)
        Signatory.objects.create(statement=statement, individual_name=f"Person {payload}", individual_title=payload,
                                 sort_order=place * 2 + 1)
    return post


def _no_markup_from_payloads(html):
    page = lxml.html.fromstring(html)
    assert not page.xpath("//img[@onerror] | //svg | //*[@onload]")
    scripts = [script for script in page.xpath("//script") if script.get("type") != "application/ld+json"]
    assert all(script.get("src") for script in scripts), "an inline script came from a name"
    return page


def test_the_post_page_shows_every_name_as_text(client, statement_with_payloads):
    page = _no_markup_from_payloads(client.get("/en/joint/").content)
    listed = page.xpath("string(//section[@class='statement-signatories'])")
    for payload in PAYLOADS:
        assert f"Org {payload}" in listed and f"Person {payload}" in listed


def test_json_ld_carries_the_names_as_strings_and_cannot_be_closed(client, statement_with_payloads):
    content = client.get("/en/joint/").content.decode()
    page = lxml.html.fromstring(content)
    scripts = page.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert {entry["name"] for entry in data["contributor"]} >= {f"Org {payload}" for payload in PAYLOADS}
    assert "</script><script>alert(2)" not in content


@pytest.mark.parametrize("feed", ["/en/feed/", "/en/feed/atom/"])
def test_feeds_escape_every_name(client, statement_with_payloads, feed):
    content = client.get(feed).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content and "<svg" not in content
    assert "Org &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;" in content


def test_the_organisation_pages_index_search_and_open_data_show_names_as_text(client, statement_with_payloads):
    for address in ["/en/organisation/org-0/", "/en/organisation/org-1/", "/en/organisation/",
                    "/ar/organisation/", "/en/search/?q=Org+script"]:
        _no_markup_from_payloads(client.get(address).content)
    data = json.loads(client.get("/open-data/organisations.json").content)
    assert {entry["name"]["en"] for entry in data["organisations"]} == {f"Org {payload}" for payload in PAYLOADS}
