"""Two-factor sign-in: required per group, set up with an authenticator app, given at each sign-in."""

import re
import time

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from bayan.accounts import roles, two_factor

from .factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.post("/admin/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def code_from_the_app(device):
    """What an authenticator app shows now for this key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def enrol(client):
    """Go through the setup page as a user would; returns the recovery codes shown."""
    page = client.get("/admin/two-factor/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(confirmed=False)
    assert two_factor.secret_for_typing(device).replace(" ", "") in page.replace(" ", "")
    response = client.post("/admin/two-factor/", {"code": code_from_the_app(device)})
    return re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())


def signed_in_again(client, user, traveller):
    """Sign out, wait a minute (a code from the app works once), sign in with the password again."""
    client.post("/admin/logout/")
    traveller.shift(60)
    return signed_in(client, user)


@pytest.fixture
def traveller():
    with time_machine.travel("2026-11-25 10:00:00", tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("role", roles.TWO_FACTOR_REQUIRED)
def test_a_role_that_requires_it_cannot_use_the_admin_before_setting_it_up(client, role):
    signed_in(client, member(role))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/?next=")


def test_a_contributor_may_work_without_it(client):
    signed_in(client, member(roles.CONTRIBUTOR))
    assert client.get("/admin/").status_code == 200


def test_setting_it_up_shows_ten_recovery_codes_once_and_opens_the_admin(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/pages/").status_code == 200
    assert "recovery codes are left" in client.get("/admin/two-factor/").content.decode()
    assert ModelLogEntry.objects.filter(action="bayan.two_factor_on", user_id=editor.pk).exists()


def test_a_wrong_code_does_not_turn_it_on(client):
    signed_in(client, member(roles.EDITOR))
    client.get("/admin/two-factor/")
    response = client.post("/admin/two-factor/", {"code": "000000"})
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/pages/").status_code == 302


def test_each_sign_in_asks_for_a_code_after_the_password(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    enrol(client)
    signed_in_again(client, editor, traveller)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2Fpages%2F"
    wrong = client.post("/admin/two-factor/verify/?next=/admin/pages/", {"code": "123456"})
    assert "not right" in wrong.content.decode()
    assert client.get("/admin/pages/").status_code == 302
    traveller.shift(60)  # past the pause django-otp makes after a wrong code
    device = TOTPDevice.objects.get(user=editor)
    right = client.post("/admin/two-factor/verify/?next=/admin/pages/", {"code": code_from_the_app(device)})
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    entry = ModelLogEntry.objects.get(action="bayan.two_factor_passed")
    assert entry.user_id == editor.pk and entry.data["address"] == "127.0.0.1"


def test_after_a_wrong_code_even_the_right_one_waits(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    enrol(client)
    signed_in_again(client, editor, traveller)
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/verify/", {"code": "123456"})
    refused = client.post("/admin/two-factor/verify/", {"code": code_from_the_app(device)})
    assert refused.status_code == 200 and "not right" in refused.content.decode()


def test_a_recovery_code_signs_in_once(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    codes = enrol(client)
    for attempt, expected in (("first", 302), ("second", 200)):
        signed_in_again(client, editor, traveller)
        response = client.post("/admin/two-factor/verify/", {"code": codes[0].upper()})
        assert response.status_code == expected, attempt
    assert two_factor.recovery_codes_left(editor) == 9


def test_a_required_second_factor_cannot_be_turned_off_but_an_optional_one_can(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    enrol(client)
    client.post("/admin/two-factor/off/")
    assert two_factor.has_two_factor(editor)
    client.post("/admin/logout/")
    contributor = member(roles.CONTRIBUTOR)
    signed_in(client, contributor)
    traveller.shift(60)
    enrol(client)
    assert two_factor.has_two_factor(contributor)
    client.post("/admin/two-factor/off/")
    assert not two_factor.has_two_factor(contributor)
    assert ModelLogEntry.objects.filter(action="bayan.two_factor_off", user_id=contributor.pk).exists()


def test_an_administrator_can_require_it_of_contributors_too(client):
    rule = Permission.objects.get(codename="require_two_factor")
    Group.objects.get(name=roles.CONTRIBUTOR).permissions.add(rule)
    signed_in(client, member(roles.CONTRIBUTOR))
    assert client.get("/admin/").status_code == 302


def test_the_rule_is_offered_on_the_group_page(admin_client):
    group = Group.objects.get(name=roles.CONTRIBUTOR)
    page = admin_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Must sign in with a second factor" in page


def test_reader_pages_are_never_held_back(client):
    signed_in(client, member(roles.EDITOR))
    assert client.get("/en/").status_code == 200


def test_a_next_address_elsewhere_is_not_followed(client, traveller):
    editor = member(roles.EDITOR)
    signed_in(client, editor)
    enrol(client)
    signed_in_again(client, editor, traveller)
    device = TOTPDevice.objects.get(user=editor)
    response = client.post("/admin/two-factor/verify/?next=https://evil.example/", {"code": code_from_the_app(device)})
    assert response["Location"] == "/admin/"


def test_on_a_public_site_a_superuser_needs_it_too(client, settings):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    settings.BAYAN_SUPERUSERS_NEED_TWO_FACTOR = True
    signed_in(client, User.objects.get(username="root"))
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/")
    settings.BAYAN_SUPERUSERS_NEED_TWO_FACTOR = False
    assert client.get("/admin/").status_code == 200


def test_an_operator_can_remove_the_second_factor_of_someone_who_lost_it(client, traveller):
    import io

    from django.core.management import CommandError, call_command

    editor = member(roles.EDITOR)
    signed_in(client, editor)
    enrol(client)
    out = io.StringIO()
    call_command("two_factor_reset", editor.username, stdout=out)
    assert "Removed the second factor of editor" in out.getvalue()
    assert not two_factor.has_two_factor(editor)
    assert ModelLogEntry.objects.filter(action="bayan.two_factor_off", user_id=editor.pk).exists()
    with pytest.raises(CommandError, match="no account named 'nobody'"):
        call_command("two_factor_reset", "nobody")
