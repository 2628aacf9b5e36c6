"""Roles: who may publish, the approval workflow, and sign-ins in the audit log."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import ModelLogEntry, Page, Workflow

from bayan.accounts import roles
from bayan.newsroom.tests.factories import make_post

from .factories import PASSWORD, member

pytestmark = pytest.mark.django_db

def test_every_role_exists():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.CONTRIBUTOR, roles.EDITOR, roles.CASE_OFFICER, roles.ADMINISTRATOR}


@pytest.mark.parametrize("role, can_edit, can_publish", [
    (roles.CONTRIBUTOR, True, False),
    (roles.EDITOR, True, True),
    (roles.ADMINISTRATOR, True, True),
    (roles.CASE_OFFICER, False, False),
])
def test_what_each_role_may_do_with_a_post(role, can_edit, can_publish):
    post = make_post("en", "Lawyer summoned")
    permissions = post.permissions_for_user(member(role))
    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish
    assert permissions.can_unpublish() is can_publish


def test_only_editors_manage_tags_and_categories():
    assert member(roles.EDITOR).has_perm("newsroom.change_tag")
    assert not member(roles.CONTRIBUTOR).has_perm("newsroom.change_tag")


def test_every_role_may_open_the_admin():
    for role in (roles.CONTRIBUTOR, roles.EDITOR, roles.CASE_OFFICER, roles.ADMINISTRATOR):
        assert member(role).has_perm("wagtailadmin.access_admin")


def test_a_contributors_post_goes_live_only_after_an_editor_approves():
    workflow = Workflow.objects.get(name=roles.APPROVAL_WORKFLOW)
    contributor, editor = member(roles.CONTRIBUTOR), member(roles.EDITOR)
    post = make_post("en", "Draft by a contributor", live=False)
    assert post.get_workflow() == workflow
    post.save_revision(user=contributor)
    state = workflow.start(post, contributor)
    post.refresh_from_db()
    assert not post.live
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(post, editor)
    assert not task_state.task.specific.get_actions(post, contributor)
    task_state.task.specific.on_action(task_state, editor, "approve")
    post.refresh_from_db()
    assert post.live


def test_signing_in_is_in_the_audit_log(client):
    editor = member(roles.EDITOR)
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="bayan.sign_in")
    assert entry.user_id == editor.pk
    assert entry.data["address"] == "127.0.0.1"
    client.post("/admin/logout/")
    assert ModelLogEntry.objects.get(action="bayan.sign_out").user_id == editor.pk


def test_the_root_page_is_under_the_approval_workflow():
    assert Page.objects.get(depth=1).get_workflow().name == roles.APPROVAL_WORKFLOW


def test_repeated_failed_sign_ins_lock_the_name_out(client, settings):
    editor = member(roles.EDITOR)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": editor.username, "password": "wrong guess"})
        assert response.status_code in (200, 429)
    locked = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert not ModelLogEntry.objects.filter(action="bayan.sign_in").exists()


def test_a_lock_out_from_one_address_does_not_lock_another(client, settings):
    from django.test import Client

    editor = member(roles.EDITOR)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": editor.username, "password": "wrong guess"})
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    response = elsewhere.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302


def test_behind_the_proxy_the_forwarded_address_is_the_one_locked_out(client, settings):
    from django.test import Client

    settings.BAYAN_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    editor = member(roles.EDITOR)
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/admin/login/", {"username": editor.username, "password": "wrong guess"})
    colleague = Client(HTTP_X_FORWARDED_FOR="forged, 203.0.113.20")
    response = colleague.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert ModelLogEntry.objects.get(action="bayan.sign_in").data["address"] == "203.0.113.20"


def test_a_forwarded_address_from_a_proxy_not_named_is_not_believed(settings):
    from django.test import RequestFactory

    from bayan.accounts.audit import client_address

    settings.BAYAN_TRUSTED_PROXIES = frozenset({"10.0.0.1"})
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert client_address(request) == "192.0.2.50"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="forged, 203.0.113.20")
    assert client_address(request) == "203.0.113.20"


def test_a_change_to_a_groups_permissions_is_in_the_audit_log(client):
    from urllib.parse import urlencode

    import lxml.html
    from django.contrib.auth.models import Permission

    from .factories import fully_signed_in

    administrator = User.objects.create_superuser("root", password=PASSWORD)
    fully_signed_in(client, administrator)
    group = Group.objects.get(name=roles.CONTRIBUTOR)
    address = f"/admin/groups/edit/{group.pk}/"
    # Submit the group's page as a browser would, with one more permission ticked.
    form = next(form for form in lxml.html.document_fromstring(client.get(address).content).forms
                if form.method.lower() == "post")
    rule = Permission.objects.get(codename="require_two_factor")
    fields = form.form_values() + [("permissions", str(rule.pk))]
    response = client.post(address, urlencode(fields), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert group.permissions.filter(pk=rule.pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.edit", content_type__model="group")
    assert (entry.label, entry.user_id) == (roles.CONTRIBUTOR, administrator.pk)
