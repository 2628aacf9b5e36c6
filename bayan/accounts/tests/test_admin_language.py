"""An editor switches the admin to Arabic from Account without filling in a name first."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def nameless_editor(client):
    user = get_user_model().objects.create_superuser("editor", "", "correct horse battery")
    client.force_login(user)
    return user


def account_form(language, **overrides):
    data = {
        "name_email-first_name": "",
        "name_email-last_name": "",
        "name_email-email": "",
        "locale-preferred_language": language,
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(overrides)
    return data


def test_an_editor_without_a_name_switches_the_admin_to_arabic(client, nameless_editor):
    response = client.post("/admin/account/", account_form("ar"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert UserProfile.get_for_user(nameless_editor).preferred_language == "ar"
    page = client.get("/admin/account/")
    assert 'dir="rtl"' in page.content.decode()
    assert 'lang="ar"' in page.content.decode()


def test_and_back_to_english(client, nameless_editor):
    client.post("/admin/account/", account_form("ar"))
    assert client.post("/admin/account/", account_form("en")).status_code == 302
    assert UserProfile.get_for_user(nameless_editor).preferred_language == "en"


def test_a_name_given_is_still_saved(client, nameless_editor):
    form = account_form("ar", **{"name_email-first_name": "Salma", "name_email-last_name": "Haddad"})
    assert client.post("/admin/account/", form).status_code == 302
    nameless_editor.refresh_from_db()
    assert nameless_editor.get_full_name() == "Salma Haddad"


def test_a_malformed_email_is_still_refused(client, nameless_editor):
    response = client.post("/admin/account/", account_form("ar", **{"name_email-email": "not an address"}))
    assert response.status_code == 200
    assert UserProfile.get_for_user(nameless_editor).preferred_language != "ar"
