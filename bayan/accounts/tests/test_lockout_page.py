"""A locked-out sign-in gets a page like the admin's sign-in, in its language, saying when to try again."""

import pytest
from django.test import Client

from bayan.accounts import roles
from bayan.accounts.tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def locked_out_page(settings, language):
    editor = member(roles.EDITOR)
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/admin/login/", {"username": editor.username, "password": "wrong guess"})
    return browser.post("/admin/login/", {"username": editor.username, "password": PASSWORD})


def test_in_english(settings):
    response = locked_out_page(settings, "en")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Signing in is paused" in page
    assert "Try again in 1\xa0hour." in page
    assert 'class="login' in page
    assert "/static/wagtailadmin/css/core.css" in page


def test_in_arabic(settings):
    response = locked_out_page(settings, "ar")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "تسجيل الدخول موقوف مؤقتاً" in page
    assert "أعد المحاولة بعد" in page
    assert "Signing in is paused" not in page


def test_the_wait_follows_the_setting(settings):
    settings.AXES_COOLOFF_TIME = 0.25
    page = locked_out_page(settings, "en").content.decode()
    assert "Try again in 15\xa0minutes." in page
