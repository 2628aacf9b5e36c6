"""Readers get the site's own error pages, in the language of the address, never a traceback."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.urls import path

import bayan.urls

pytestmark = pytest.mark.django_db


def refuse_bad_request(request):
    raise BadRequest("malformed")


def refuse_permission(request):
    raise PermissionDenied


def fail(request):
    raise RuntimeError("a secret detail of the failure")


def database_gone(request):
    raise OperationalError("connection to server at 10.0.0.7 refused")


class urls:  # noqa: N801 - a URLconf module stand-in
    urlpatterns = [
        *bayan.urls.urlpatterns,
    ]
    handler400 = bayan.urls.handler400
    handler403 = bayan.urls.handler403
    handler404 = bayan.urls.handler404
    handler500 = bayan.urls.handler500


@pytest.fixture
def failing_site(settings):
    from django.conf.urls.i18n import i18n_patterns

    urls.urlpatterns = i18n_patterns(
        path("test-bad/", refuse_bad_request),
        path("test-forbidden/", refuse_permission),
        path("test-fail/", fail),
        path("test-database-gone/", database_gone),
        prefix_default_language=True,
    ) + bayan.urls.urlpatterns
    settings.ROOT_URLCONF = urls
    client = Client(raise_request_exception=False)
    return client


HEADINGS = {
    ("en", 400): "This request could not be understood",
    ("ar", 400): "تعذّر فهم هذا الطلب",
    ("en", 403): "This is not open to you",
    ("ar", 403): "هذا غير متاح لك",
    ("en", 404): "Page not found",
    ("ar", 404): "الصفحة غير موجودة",
    ("en", 500): "Something went wrong on our side",
    ("ar", 500): "حدث خطأ من جهتنا",
    ("en", 503): "Changes cannot be saved right now",
    ("ar", 503): "لا يمكن حفظ التغييرات الآن",
}
ADDRESSES = {400: "test-bad/", 403: "test-forbidden/", 404: "no-such-page-at-all/", 500: "test-fail/",
             503: "test-database-gone/"}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("status", [400, 403, 404, 500, 503])
def test_each_error_page_is_the_sites_own_in_the_addresss_language(failing_site, language, status):
    response = failing_site.get(f"/{language}/{ADDRESSES[status]}")
    assert response.status_code == status
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert HEADINGS[language, status] in page
    assert 'href="/static/' in page or "/static/" in page
    assert "Traceback" not in page and "a secret detail" not in page and "10.0.0.7" not in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_form_without_its_csrf_token_gets_the_sites_own_403(failing_site, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/_util/authenticate_with_password/1/1/", {"password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert HEADINGS[language, 403] in page


def test_when_the_sites_templates_cannot_be_drawn_the_plain_page_in_both_languages_is_given(failing_site, monkeypatch):
    import bayan.errors

    def broken(*args, **kwargs):
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(bayan.errors, "render", broken)
    response = failing_site.get("/ar/test-fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "حدث خطأ في الخادم" in page
    assert "the database is gone" not in page


def test_a_database_that_does_not_answer_is_503_asking_to_come_back_and_plain_if_need_be(failing_site, monkeypatch):
    response = failing_site.get("/en/test-database-gone/")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    import bayan.errors

    def broken(*args, **kwargs):
        raise OperationalError("the menus cannot be read either")

    monkeypatch.setattr(bayan.errors, "render", broken)
    response = failing_site.get("/ar/test-database-gone/")
    page = response.content.decode()
    assert response.status_code == 503 and "Changes cannot be saved right now" in page
    assert "لا يمكن حفظ التغييرات الآن" in page and "10.0.0.7" not in page
    # Styled by the site's stylesheet, a file that needs no database.
    assert 'rel="stylesheet"' in page and "site" in page.split('rel="stylesheet" href="')[1].split('"')[0]


@pytest.fixture
def published_post():
    from bayan.newsroom.tests.factories import make_post

    return {language: make_post(language, "Lawyer summoned") for language in ("en", "ar")}


READER_KINDS = ["", "page/2/", "tag/", "feed/", "search/?q=lawyer"]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", READER_KINDS)
def test_a_form_sent_to_a_reader_page_is_405(published_post, language, kind):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/{kind}", {"x": "1"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert {"en": "This page cannot take that request", "ar": "لا تقبل هذه الصفحة هذا الطلب"}[language] in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_post_and_the_sitemap_refuse_other_methods(published_post, language):
    client = Client()
    assert client.post(published_post[language].reader_path()).status_code == 405
    assert client.put(published_post[language].reader_path()).status_code == 405
    assert client.post("/sitemap.xml").status_code == 405
    assert client.head(published_post[language].reader_path()).status_code == 200


def test_the_admin_sign_in_and_the_password_form_still_take_forms():
    client = Client()
    assert client.post("/admin/login/", {"username": "nobody", "password": "wrong"}).status_code == 200
    assert client.post("/en/_util/authenticate_with_password/999/999/", {"password": "x"}).status_code == 404
