"""The public sign-on: a link's lifecycle, the form, the e-mailed confirmation and the private headers."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from bayan.statements.models import Submission, SubmissionState
from bayan.statements.tests.factories import make_link, make_organisation, make_statement

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def _form(**fields):
    data = {"organisation_name": "Coast Rights Forum", "country": "LB", "contact_name": "Rana Example",
            "contact_email": "rana@example.org", "comment": "", "consent": "on", "website": ""}
    return {**data, **fields}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_unknown_token_is_404_and_a_closed_link_is_410(client, language):
    link, token = make_link(make_statement())
    assert client.get(f"/{language}/sign/not-a-token/").status_code == 404
    link.revoke()
    response = client.get(f"/{language}/sign/{token}/")
    assert response.status_code == 410
    assert f'lang="{language}"' in response.content.decode()


def test_an_expired_link_is_410(client):
    _, token = make_link(make_statement(), days=-1)
    assert client.get(f"/en/sign/{token}/").status_code == 410


def test_the_form_is_private_and_a_partner_link_names_the_partner(client):
    partner = make_organisation("Harbour Press Union", "اتحاد صحافة المرفأ")
    _, token = make_link(make_statement(), partner=partner)
    response = client.get(f"/ar/sign/{token}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in page
    assert "اتحاد صحافة المرفأ" in page
    assert f"/en/sign/{token}/" in page


def test_signing_then_confirming_puts_the_submission_in_the_queue_once(client):
    _, token = make_link(make_statement())
    response = client.post(f"/ar/sign/{token}/", _form())
    submission = Submission.objects.get()
    assert submission.state == SubmissionState.UNCONFIRMED and submission.language == "ar"
    assert submission.reference in response.content.decode()
    confirmation = re.search(r"/ar/sign/confirm/([^/]+)/", mail.outbox[0].body).group(0)
    assert client.get(confirmation).status_code == 200
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING
    assert submission.reference in client.get(confirmation).content.decode()
    assert Submission.objects.get().state == SubmissionState.PENDING


def test_an_old_confirmation_link_has_expired(client):
    _, token = make_link(make_statement())
    client.post(f"/en/sign/{token}/", _form())
    Submission.objects.update(created_at=timezone.now() - timedelta(days=30))
    confirmation = re.search(r"/en/sign/confirm/([^/]+)/", mail.outbox[0].body).group(0)
    assert "expired" in client.get(confirmation).content.decode()
    assert Submission.objects.get().state == SubmissionState.UNCONFIRMED


def test_markup_is_stored_as_text_and_drawn_escaped(client):
    _, token = make_link(make_statement())
    response = client.post(f"/en/sign/{token}/", _form(organisation_name=f"Forum {XSS}",
                                                        contact_name=f"Rana {XSS}", comment=XSS))
    submission = Submission.objects.get()
    assert "<" not in submission.organisation_name and "<" not in submission.comment
    assert "<script>" not in response.content.decode() and "<script>" not in mail.outbox[0].body


def test_the_honeypot_keeps_nothing_and_csrf_is_enforced():
    _, token = make_link(make_statement())
    assert Client().post(f"/en/sign/{token}/", _form(website="http://spam.example")).status_code == 200
    assert not Submission.objects.exists()
    assert Client(enforce_csrf_checks=True).post(f"/en/sign/{token}/", _form()).status_code == 403


def test_oversized_fields_are_refused(client):
    _, token = make_link(make_statement())
    assert client.post(f"/en/sign/{token}/", _form(comment="x" * 2001)).status_code == 400
    assert not Submission.objects.exists()


def test_the_type_ahead_answers_public_organisations_in_both_scripts(client):
    make_organisation("Harbour Press Union", "اتحاد صحافة المرفأ")
    make_organisation("Hidden Harbour Group", visibility="internal")
    _, token = make_link(make_statement())
    found = client.get(f"/en/sign/{token}/organisations/", {"q": "المرفأ"}).json()["organisations"]
    assert [entry["name_en"] for entry in found] == ["Harbour Press Union"]
    found = client.get(f"/en/sign/{token}/organisations/", {"q": "Harbour"}).json()["organisations"]
    assert [entry["name_en"] for entry in found] == ["Harbour Press Union"]
    assert client.get("/en/sign/unknown/organisations/", {"q": "Harbour"}).status_code == 404


def test_a_flood_from_one_address_keeps_only_the_limit(client, settings):
    settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS = 5
    settings.BAYAN_SIGNON_LIMIT_PER_LINK = 1000
    _, token = make_link(make_statement())
    statuses = [client.post(f"/en/sign/{token}/", _form()).status_code for _ in range(30)]
    assert Submission.objects.count() == 5 and statuses[-1] == 429
    refused = client.post(f"/en/sign/{token}/", _form())
    assert int(refused["Retry-After"]) > 0
    assert Client(REMOTE_ADDR="192.0.2.9").post(f"/en/sign/{token}/", _form()).status_code == 200
