"""Administrators issue partner keys in the admin, see each once, and revoke them; editors cannot."""

import re

import pytest
from django.contrib.auth.models import Group, User

from bayan.api.models import PartnerKey, partner_for

pytestmark = pytest.mark.django_db


def test_an_administrator_issues_a_key_sees_it_once_and_revokes_it(admin_client):
    answer = admin_client.post("/admin/api/keys/", {"name": "Research group", "contact": "desk@example.org"})
    key = re.search(r'id="issued-key">([^<]+)<', answer.content.decode()).group(1)
    assert partner_for(key).name == "Research group"
    listing = admin_client.get("/admin/api/keys/").content.decode()
    assert "Research group" in listing and key[:12] in listing and key not in listing
    row = PartnerKey.objects.get()
    assert admin_client.post(f"/admin/api/keys/{row.pk}/revoke/").status_code == 302
    assert partner_for(key) is None


def test_a_key_needs_a_partners_name(admin_client):
    answer = admin_client.post("/admin/api/keys/", {"name": "", "contact": ""})
    assert 'id="issued-key"' not in answer.content.decode() and not PartnerKey.objects.exists()


def test_editors_cannot_see_or_issue_keys(client):
    editor = User.objects.create_user("editor", password="a long enough password 1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/api/keys/").status_code in (302, 403)
    assert client.post("/admin/api/keys/", {"name": "Someone"}).status_code in (302, 403)
    assert not PartnerKey.objects.exists()
