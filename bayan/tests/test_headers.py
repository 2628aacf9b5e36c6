"""What every kind of response tells the browser: CSP, framing, referrer, permissions, HSTS behind TLS."""

import os
import subprocess
import sys

import pytest

from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

READER_ADDRESSES = ["/en/", "/ar/", "/en/tag/", "/en/feed/", "/en/search/?q=x", "/sitemap.xml", "/robots.txt",
                    "/en/no-such-page/", "/en/page/999/"]


@pytest.fixture
def post():
    return make_post("en", "Lawyer summoned")


@pytest.mark.parametrize("address", READER_ADDRESSES)
def test_reader_responses_carry_a_strict_policy(client, post, address):
    response = client.get(address)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_post_page_carries_the_policy(client, post):
    response = client.get(post.reader_path())
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_policy_built_once_is_the_one_django_csp_builds(client, post):
    from csp.utils import build_policy

    first, again = client.get("/en/"), client.get(post.reader_path())
    assert first["Content-Security-Policy"] == again["Content-Security-Policy"] == build_policy()


def test_a_response_that_changes_its_policy_gets_its_own(rf):
    from django.http import HttpResponse

    from bayan.headers import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse("x")
        response._csp_update = {"img-src": ["https://maps.example"]}
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/en/"))
    assert "https://maps.example" in response["Content-Security-Policy"]
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))(rf.get("/en/"))
    assert "https://maps.example" not in plain["Content-Security-Policy"]


def test_a_response_whose_page_used_a_nonce_names_it_in_its_policy(rf, settings):
    from csp.constants import NONCE, SELF
    from django.http import HttpResponse

    from bayan.headers import ContentSecurityPolicyMiddleware

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/en/"))
    nonce = response.content.decode().split("'")[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_only_the_admin_may_use_inline_script_and_style(client):
    response = client.get("/admin/login/")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_production_settings_pass_the_deployment_checks(tmp_path):
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("BAYAN_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        BAYAN_DATA_DIR=str(tmp_path), BAYAN_BASE_URL="https://news.example.org",
        BAYAN_ALLOWED_HOSTS="news.example.org", DJANGO_SETTINGS_MODULE="bayan.settings",
    )
    result = subprocess.run([sys.executable, "-m", "bayan.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
