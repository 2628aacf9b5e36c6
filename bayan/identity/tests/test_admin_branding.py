"""The admin's sign-in page, its page titles, password-reset e-mails and authenticator apps name the organisation."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from bayan.identity.tests.factories import make_identity

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_names_the_organisation_and_shows_its_logo(client):
    make_identity()
    page = client.get("/admin/login/").content.decode()
    assert "Sign in to Watch Centre" in page and "identity/logos/logo" in page
    assert "<title>Sign in - Watch Centre</title>" in page


def test_without_an_organisation_the_sign_in_page_names_bayan(client):
    assert "Sign in to Bayan" in client.get("/admin/login/").content.decode()


def test_a_password_reset_e_mail_names_the_organisation(client):
    make_identity()
    get_user_model().objects.create_user("dina", "dina@example.org", "a long enough password")
    client.post("/admin/password_reset/", {"email": "dina@example.org"})
    [message] = mail.outbox
    assert message.subject == "Password reset for Watch Centre"
    assert "the Watch Centre site" in message.body


def test_authenticator_apps_show_the_organisations_name():
    make_identity()
    user = get_user_model().objects.create_user("omar", "omar@example.org", "a long enough password")
    assert "issuer=Watch%20Centre" in TOTPDevice.objects.create(user=user, name="phone").config_url
