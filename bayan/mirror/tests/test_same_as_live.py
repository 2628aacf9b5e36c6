"""Each page of the copy is the live page, but for its links: made relative to the file, or sent to the live site.

A sample of every kind of page is read both ways: from the exported folder, with its links
turned back into the site's addresses, and from the site, rendered for the copy's address.
They must be equal, byte for byte, once nonces are set aside.
"""

import posixpath
import re
from datetime import timedelta
from urllib.parse import quote, unquote

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from bayan.addresses import ADDRESS_SAFE
from bayan.cases.models import LinkState, PostPerson
from bayan.cases.tests.factories import make_person
from bayan.mirror.export import Options, export
from bayan.newsroom.tests.factories import make_post
from bayan.statements.tests.factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db

BASE = "https://copy.example.org"
LINK = re.compile(r"""(?P<before>\s(?:href|src|action|poster)=)(?P<quote>["'])(?P<address>[^"'\s>]*)(?P=quote)""")
NONCE = re.compile(r'nonce="[^"]*"')


def back_to_addresses(html, file_name, live_url):
    """The copy's links as the site writes them: root-relative addresses, live-site links unchanged."""

    def one(match):
        address = match["address"]
        if address.startswith(("#", "http:", "https:", "mailto:", "data:")):
            return match[0].replace(live_url, "") if address.startswith(live_url) else match[0]
        path, _hash, fragment = address.partition("#")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(file_name), unquote(path)))
        for index in ("index.html", "index.xml"):
            if joined == index or joined.endswith("/" + index):
                joined = joined[: -len(index)]
        joined = quote("/" + joined.lstrip("./") if joined not in (".", "") else "/", safe=ADDRESS_SAFE)
        rebuilt = joined + (f"#{fragment}" if fragment else "")
        return f"{match['before']}{match['quote']}{rebuilt}{match['quote']}"

    return LINK.sub(one, html)


def live(address, live_url):
    with override_settings(BASE_URL=BASE, ALLOWED_HOSTS=["copy.example.org"]):
        html = Client(HTTP_HOST="copy.example.org").get(address, secure=True).content.decode()
    return LINK.sub(lambda match: match[0].replace(live_url, "") if live_url in match[0] else match[0], html)


def test_every_kind_of_page_equals_the_live_one_but_for_its_links(tmp_path, key_pair, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    posts = [make_post(tags=["detention"], days_ago=400 + days) for days in range(5)]
    arabic = make_post(language="ar", tags=["اعتقال"], translation_of=posts[0])
    person = make_person("Rana Example")
    PostPerson.objects.create(post=posts[0], person=person, state=LinkState.LINKED)
    organisation = make_organisation("Levant Press Freedom Observatory")
    make_statement(posts[1], organisation)
    live_url = settings.BASE_URL
    export(tmp_path, Options(BASE, key_pair[1]))
    year = f"{timezone.now() - timedelta(days=400):%Y}"
    samples = {
        "/en/": "en/index.html", "/ar/": "ar/index.html", posts[0].reader_path(): None, arabic.reader_path(): None,
        "/en/tag/detention/page/2/": None, f"/en/{year}/": None, "/en/tag/": None, "/en/person/": None,
        f"/en/person/{person.slug}/": None, f"/ar/organisation/{organisation.slug}/": None, "/en/organisation/": None,
        "/en/anniversaries/": None,
    }
    compared = 0
    for address in samples:
        name = address.lstrip("/") + "index.html"
        copy = back_to_addresses((tmp_path / name).read_text(encoding="utf-8"), name, live_url)
        assert NONCE.sub("", copy) == NONCE.sub("", live(address, live_url)), address
        compared += 1
    assert compared == len(samples)
    for address, name in (("/en/feed/", "en/feed/index.xml"), ("/sitemap-posts-en.xml", "sitemap-posts-en.xml"),
                          ("/open-data/organisations.json", "open-data/organisations.json")):
        assert (tmp_path / name).read_text(encoding="utf-8") == live(address, live_url), address
