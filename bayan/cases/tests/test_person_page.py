"""A person's reader page: names, status, days, timeline, linked posts, JSON-LD, in both languages; 404s."""

import io
import json
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from bayan.cases.models import EventSource, PostPerson
from bayan.cases.tests.factories import make_event, make_person
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15 12:00"


@pytest.fixture
def razan():
    return make_person("Razan Example", "رزان مثال", roles=["journalist", "lawyer"], affiliation="Free Press Centre",
                       bio_en="A lawyer who documents detentions.", bio_ar="محامية توثق الاعتقالات.")


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@time_machine.travel(TODAY, tick=False)
def test_a_detained_person_shows_since_when_and_the_days_in_both_languages(client, razan):
    make_event("arrested", "2014-03-10", razan)
    english = text_of(client.get("/en/person/razan-example/"))
    assert "Razan Example" in english and "رزان مثال" in english
    assert "Detained since 10 March 2014" in english
    assert "4,480 days deprived of liberty" in english
    assert "Journalist" in english and "Free Press Centre" in english
    assert "A lawyer who documents detentions." in english
    arabic = client.get("/ar/person/razan-example/")
    assert arabic.status_code == 200
    assert 'dir="rtl"' in arabic.content.decode()
    assert "10 مارس 2014" in text_of(arabic)
    assert "محامية توثق الاعتقالات." in text_of(arabic)


@time_machine.travel(TODAY, tick=False)
def test_a_month_precise_start_reads_as_a_month_and_the_days_as_about(client, razan):
    make_event("abducted", "2013-12", razan)
    page = text_of(client.get("/en/person/razan-example/"))
    assert "Missing since December 2013" in page
    assert "about 4,579 days deprived of liberty" in page


@time_machine.travel(TODAY, tick=False)
def test_a_released_person_shows_the_release_and_no_days(client, razan):
    make_event("arrested", "2012-02-16", razan)
    make_event("released", "2015-08-10", razan)
    page = text_of(client.get("/en/person/razan-example/"))
    assert "Released on 10 August 2015" in page
    assert "deprived of liberty" not in page


@time_machine.travel(TODAY, tick=False)
def test_the_timeline_names_the_public_companions_of_a_group_event_and_never_an_internal_one(client, razan):
    nazem = make_person("Nazem Example")
    hidden = make_person("Hidden Companion", "مرافق مخفي", visibility="internal")
    make_event("abducted", "2013-12-09", razan, nazem, hidden, place="Douma", responsible="An armed group")
    page = client.get("/en/person/razan-example/").content.decode()
    assert "Nazem Example" in page and "/en/person/nazem-example/" in page
    assert "Douma" in page and "An armed group" in page
    assert "Hidden" not in page and "hidden-companion" not in page


def test_an_internal_person_is_the_same_404_as_an_unknown_one(client):
    make_person("Kept Private", visibility="internal")
    unknown = client.get("/en/person/nobody-at-all/")
    internal = client.get("/en/person/kept-private/")
    assert unknown.status_code == internal.status_code == 404
    assert unknown.content == internal.content.replace(b"kept-private", b"nobody-at-all")


@time_machine.travel(TODAY, tick=False)
def test_sources_link_visible_posts_and_addresses_elsewhere_but_not_drafts(client, razan):
    event = make_event("arrested", "2014-03-10", razan)
    published = make_post(title="Statement on the arrest", slug="statement-on-the-arrest")
    draft = make_post(title="Draft about the arrest", slug="draft-about-the-arrest", live=False)
    EventSource.objects.create(event=event, post=published)
    EventSource.objects.create(event=event, post=draft)
    EventSource.objects.create(event=event, url="https://witness.example/report")
    page = client.get("/en/person/razan-example/").content.decode()
    assert "/en/statement-on-the-arrest/" in page
    assert "https://witness.example/report" in page
    assert "draft-about-the-arrest" not in page


@time_machine.travel(TODAY, tick=False)
def test_a_source_post_is_linked_in_the_page_language_when_readers_may_see_its_translation(client, razan):
    event = make_event("arrested", "2014-03-10", razan)
    english = make_post(title="Statement on the arrest", slug="statement-on-the-arrest")
    make_post("ar", title="بيان عن الاعتقال", slug="بيان-الاعتقال", translation_of=english)
    untranslated = make_post(title="Second statement", slug="second-statement")
    make_post("ar", title="مسودة", slug="مسودة", translation_of=untranslated, live=False)
    EventSource.objects.create(event=event, post=english)
    EventSource.objects.create(event=event, post=untranslated)
    arabic = client.get("/ar/person/razan-example/").content.decode()
    assert "بيان عن الاعتقال" in arabic and "/en/statement-on-the-arrest/" not in arabic
    assert "/en/second-statement/" in arabic and "مسودة" not in arabic
    assert "/en/statement-on-the-arrest/" in client.get("/en/person/razan-example/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_linked_posts_of_the_page_language_are_listed_newest_first(client, razan):
    older = make_post(title="Older statement", days_ago=30)
    newer = make_post(title="Newer statement", days_ago=3)
    arabic = make_post("ar", title="بيان بالعربية", days_ago=5)
    draft = make_post(title="Unpublished statement", live=False)
    embargoed = make_post(title="Embargoed statement", days_ago=-2)
    protected = make_post(title="Protected statement", days_ago=4)
    PageViewRestriction.objects.create(page=protected, restriction_type="password", password="secret")
    for post in (older, newer, arabic, draft, embargoed, protected):
        PostPerson.objects.create(post=post, person=razan)
    page = client.get("/en/person/razan-example/").content.decode()
    assert page.index("Newer statement") < page.index("Older statement")
    assert "Unpublished statement" not in page and "بيان بالعربية" not in page
    assert "Embargoed statement" not in page and "Protected statement" not in page
    assert "بيان بالعربية" in client.get("/ar/person/razan-example/").content.decode()


def structured_data(response):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_the_page_describes_the_person_for_search_engines(client, razan):
    data = structured_data(client.get("/en/person/razan-example/"))
    assert data["@type"] == "Person"
    assert data["name"] == "Razan Example"
    assert "رزان مثال" in data["alternateName"]
    assert data["jobTitle"] == ["Journalist", "Lawyer"]
    assert data["affiliation"]["name"] == "Free Press Centre"
    assert data["url"].endswith("/en/person/razan-example/")
    assert "image" not in data and "sameAs" not in data
    assert structured_data(client.get("/ar/person/razan-example/"))["name"] == "رزان مثال"


def test_the_language_switcher_leads_to_the_same_person(client, settings, razan):
    page = client.get("/en/person/razan-example/").content.decode()
    assert f'hreflang="ar" href="{settings.BASE_URL}/ar/person/razan-example/"' in page
    assert 'href="/ar/person/razan-example/" hreflang="ar"' in page


def portrait():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (60, 80), "grey").save(buffer, "PNG")
    return Image.objects.create(title="Portrait", file=ContentFile(buffer.getvalue(), name="face.png"),
                                width=60, height=80)


def test_the_portrait_shows_only_with_consent(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    make_person("Without Consent", portrait=portrait())
    make_person("With Consent", portrait=portrait(), portrait_consent=True)
    refused = client.get("/en/person/without-consent/")
    assert 'class="person-portrait"' not in refused.content.decode()
    assert "image" not in structured_data(refused)
    agreed = client.get("/en/person/with-consent/")
    assert 'class="person-portrait"' in agreed.content.decode()
    assert structured_data(agreed)["image"].startswith(settings.BASE_URL)
