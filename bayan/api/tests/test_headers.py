"""Conditional requests, open CORS for reading, and rate limits per address and per partner key."""

import pytest

from bayan.api.models import PartnerKey
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


def test_an_unchanged_answer_is_a_304_until_anything_is_published(api, newsroom):
    first = api.get("/api/v1/posts/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api.get("/api/v1/posts/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert api.get("/api/v1/posts/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api.get("/api/v1/posts/?limit=1", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    committed(make_post, title="Something new")
    assert api.get("/api/v1/posts/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_any_site_may_read_and_ask_first(api, newsroom):
    assert api.get("/api/v1/tags/")["Access-Control-Allow-Origin"] == "*"
    preflight = api.options("/api/v1/posts/", HTTP_ORIGIN="https://partner.example",
                            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")
    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_an_address_past_its_rate_gets_429_with_retry_after(api, newsroom, settings):
    settings.BAYAN_API_RATE_PER_MINUTE = 3
    assert [api.get("/api/v1/tags/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/tags/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["error"].startswith("more than 3 requests")


def test_a_partner_key_has_its_own_higher_limit_and_a_revoked_one_is_refused(api, newsroom, settings):
    settings.BAYAN_API_RATE_PER_MINUTE, settings.BAYAN_API_PARTNER_RATE_PER_MINUTE = 1, 5
    row, key = PartnerKey.issue("Research group")
    assert key not in row.digest and row.prefix == key[:12]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert [api.get("/api/v1/tags/", **headers).status_code for _ in range(5)] == [200] * 5
    assert api.get("/api/v1/tags/", **headers).status_code == 429
    row.revoke()
    assert api.get("/api/v1/tags/", **headers).status_code == 401
    assert api.get("/api/v1/tags/", HTTP_AUTHORIZATION="Bearer bayan_invented").status_code == 401
