"""The organisation's name, logo, tagline, contacts and description on reader pages, feeds and JSON-LD, per language."""

import json

import pytest
from django.template import engines
from lxml import html

from bayan.addresses import address_in
from bayan.identity.organisation import organisation
from bayan.identity.tests.factories import make_identity
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return html.fromstring(response.content)


def test_without_an_organisation_pages_are_named_after_bayan_and_show_no_logo(client):
    document = page(client, "/en/")
    assert document.findtext(".//title") == "Bayan"
    assert document.xpath("string(//*[@class='site-name'])") == "Bayan"
    assert not document.xpath("//picture") and not document.xpath("//link[@rel='icon']")


@pytest.mark.parametrize("language, name", [("en", "Watch Centre"), ("ar", "مركز الرصد")])
def test_each_language_shows_its_own_name_logo_and_tagline(client, language, name):
    make_identity()
    document = page(client, f"/{language}/")
    assert document.findtext(".//title") == name
    [logo] = document.xpath("//header//img")
    assert logo.get("alt") == name and logo.get("width") == "64"
    assert document.xpath("//source[@media='(prefers-color-scheme: dark)']/@srcset")
    assert document.xpath("string(//p[@class='brand-tagline'])") == f"{name} tagline"
    assert document.xpath("//meta[@name='description']/@content") == [f"{name} description"]


def test_the_favicon_links_carry_the_sets_version(client):
    identity = make_identity()
    document = page(client, "/en/")
    assert document.xpath("//link[@rel='apple-touch-icon']/@href") == [
        f"/apple-touch-icon.png?v={identity.favicon_digest}"]


def test_the_contact_part_of_the_footer_offers_the_address_e_mail_and_profiles(rf):
    make_identity(email="desk@example.org")
    request = rf.get("/en/")
    rendered = engines["jinja2"].get_template("chrome/contact.html").render(
        {"organisation": organisation(request, "en")}, request)
    contact = html.fromstring(rendered)
    assert contact.xpath(".//a[@rel='me']/@href") == ["https://social.example.org/@w"]
    assert contact.xpath(".//a[starts-with(@href, 'mailto:')]/text()") == ["desk@example.org"]
    assert contact.xpath("string(.//address)") == "Watch Centre street\nCity".replace("\n", "")


def test_a_posts_json_ld_names_the_organisation_as_publisher_in_the_posts_language(client):
    make_identity()
    post = make_post(language="ar", title="خبر", slug="khabar")
    document = page(client, post.reader_path())
    [script] = document.xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(script)["publisher"] == {"@type": "Organization", "name": "مركز الرصد"}


def test_feeds_are_titled_with_the_organisations_name(client):
    make_identity()
    make_post(title="Statement", slug="statement")
    feed = client.get(address_in("en", "archives:home-feed"))
    assert b"<title>Watch Centre</title>" in feed.content
