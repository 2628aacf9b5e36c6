"""The sign-on against hostile use: floods, forged addresses, markup in every field, the page cache."""

import re
import time

import pytest
from django.core import mail

from bayan.pagecache.middleware import page_store
from bayan.statements.models import Submission
from bayan.statements.tests.factories import make_link, make_statement

pytestmark = pytest.mark.django_db

PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
            "<svg/onload=alert(1)>", "'; DROP TABLE x; --", "{{ 7*7 }}"]


def signature(**fields):
    """A complete, valid form."""
    return {"organisation_name": "Fictional Rights Watch", "country": "LB", "contact_name": "Rana Example",
            "contact_email": "rana@example.org", "comment": "Count us in.", "consent": "on", **fields}


def confirmation_address(message):
    return re.search(r"https?://\S+(/(?:en|ar)/sign/confirm/\S+/)", message.body).group(1)


@pytest.fixture
def token():
    return make_link(make_statement(allows_individuals=True))[1]


def test_a_flood_from_one_address_stores_at_most_the_limit(client, token, settings):
    settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS = 5
    settings.BAYAN_SIGNON_LIMIT_PER_LINK = 2000
    started = time.perf_counter()
    statuses = [client.post(f"/en/sign/{token}/", signature(), REMOTE_ADDR="203.0.113.9").status_code
                for _ in range(1000)]
    elapsed = time.perf_counter() - started
    assert statuses.count(200) == 5 and statuses.count(429) == 995
    assert Submission.objects.count() == 5
    # A refused POST is a counter and a link lookup: the whole flood stays far under a second per hundred.
    assert elapsed < 60
    other = client.post(f"/en/sign/{token}/", signature(), REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 200


def test_a_refusal_says_when_to_retry_in_the_readers_language(client, token, settings):
    settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS = 1
    client.post(f"/ar/sign/{token}/", signature())
    refused = client.post(f"/ar/sign/{token}/", signature())
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.BAYAN_SIGNON_WINDOW
    assert 'dir="rtl"' in refused.content.decode()
    assert refused["Cache-Control"] == "no-store, private"


def test_the_per_link_limit_holds_across_addresses(client, token, settings):
    settings.BAYAN_SIGNON_LIMIT_PER_LINK = 3
    statuses = [client.post(f"/en/sign/{token}/", signature(), REMOTE_ADDR=f"192.0.2.{number}").status_code
                for number in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(client, token, settings):
    settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS = 1
    settings.BAYAN_TRUSTED_PROXIES = []
    first = client.post(f"/en/sign/{token}/", signature(), HTTP_X_FORWARDED_FOR="192.0.2.1")
    forged = client.post(f"/en/sign/{token}/", signature(), HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert (first.status_code, forged.status_code) == (200, 429)
    settings.BAYAN_TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = client.post(f"/en/sign/{token}/", signature(), HTTP_X_FORWARDED_FOR="192.0.2.3")
    assert behind_proxy.status_code == 200


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_every_field_is_stored_as_text_and_escaped(client, token, payload):
    fields = {"organisation_name": f"Org {payload}", "contact_name": f"Name {payload}",
              "comment": f"Comment {payload}", "individual_title": f"Title {payload}"}
    response = client.post(f"/en/sign/{token}/", signature(**fields))
    assert response.status_code == 200, response.content.decode()[-3000:]
    submission = Submission.objects.get()
    for stored in (submission.organisation_name, submission.contact_name, submission.comment,
                   submission.individual_title):
        assert "<" not in stored
    assert "<script>" not in mail.outbox[0].body
    confirmed = client.get(confirmation_address(mail.outbox[0])).content.decode()
    assert "<script>alert" not in confirmed and "<img" not in confirmed and "<svg" not in confirmed
    # An invalid form draws the signer's words back into the form: escaped.
    redrawn = client.post(f"/en/sign/{token}/", signature(consent="", comment=payload)).content.decode()
    assert "<script>alert" not in redrawn and "<img src=x" not in redrawn and "<svg/" not in redrawn


def test_control_characters_are_stripped(client, token):
    client.post(f"/en/sign/{token}/", signature(organisation_name="Fictional\x07 Centre\x1b[31m"))
    assert Submission.objects.get().organisation_name == "Fictional Centre[31m"


def test_the_page_cache_keeps_no_sign_on_page(client, token, settings):
    settings.BAYAN_PAGE_CACHE = True
    page_store.cache_clear()
    try:
        for address in (f"/en/sign/{token}/", "/en/sign/unknown/", f"/en/sign/{token}/organisations/?q=ab"):
            client.get(address)
            again = client.get(address)
            assert again.get("X-Bayan-Cache") != "hit"
            assert again["Cache-Control"] == "no-store, private"
    finally:
        page_store.cache_clear()
