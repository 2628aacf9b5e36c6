"""The Wagtail site of a request, held per content generation: the one Wagtail would find, read once."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from bayan.pagecache.sites import request_site

pytestmark = pytest.mark.django_db


def site_statements(captured):
    return [query for query in captured if "wagtailcore_site" in query["sql"]]


def a_request(host):
    return RequestFactory().get("/en/", HTTP_HOST=host)


def test_the_site_is_the_one_wagtail_finds_for_each_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
    default = Site.objects.get(is_default_site=True)
    other = Site.objects.create(hostname="news.example.org", port=80, root_page=Page.objects.get(depth=1),
                                site_name="Other")
    for host in ("127.0.0.1", "news.example.org", "unknown.example.org", "news.example.org:8080"):
        assert request_site(a_request(host)) == Site.find_for_request(a_request(host))
    assert request_site(a_request("news.example.org")) == other
    assert request_site(a_request("unknown.example.org")) == default


def test_a_site_is_read_once_per_generation_and_again_after_its_change(committed):
    request_site(a_request("127.0.0.1"))
    with CaptureQueriesContext(connection) as captured:
        assert request_site(a_request("127.0.0.1")).is_default_site
    assert site_statements(captured) == []

    def rename():
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Renamed"
        site.save()

    committed(rename)
    assert request_site(a_request("127.0.0.1")).site_name == "Renamed"


def test_a_made_up_address_asked_again_reads_no_site(client):
    client.get("/en/no-such-statement/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/no-such-other-statement/").status_code == 404
    assert site_statements(captured) == []


def test_a_redirect_of_a_made_up_address_still_leads_on(client, committed):
    committed(Redirect.objects.create, old_path="/en/old-statement", redirect_link="/en/")
    client.get("/en/no-such-statement/")
    answer = client.get("/en/old-statement/")
    assert (answer.status_code, answer["Location"]) == (301, "/en/")
