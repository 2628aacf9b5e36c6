"""Deleting is never silent: deleted posts go to the bin, with history and audit entries, and come back."""

import pytest
from django.contrib.auth.models import User
from wagtail.models import Page, PageLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.newsroom import bin
from bayan.newsroom.models import BinEntry, BinPage, HomePage, PostPage
from bayan.newsroom.tests.factories import make_post
from bayan.search.searching import search
from bayan.tests.committing import as_committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    return fully_signed_in(client, member(roles.EDITOR))


@pytest.fixture
def administrator(client):
    user = member(roles.ADMINISTRATOR, "administrator")
    return fully_signed_in(client, user)


def actions_on(page):
    return list(PageLogEntry.objects.filter(page_id=page.pk).order_by("timestamp").values_list("action", flat=True))


def test_an_editor_deleting_a_post_sends_it_to_the_bin(editor, client):
    post = make_post("en", "Journalist held in Adra")
    address = post.url
    confirm = editor.get(f"/admin/pages/{post.pk}/delete/")
    assert "moved to the bin" in confirm.content.decode()
    response = editor.post(f"/admin/pages/{post.pk}/delete/")
    assert response.status_code == 302
    kept = Page.objects.get(pk=post.pk)
    assert not kept.live
    assert bin.in_bin(kept)
    assert client.get(address).status_code == 404
    assert {"wagtail.unpublish", "wagtail.move", "bayan.bin"} <= set(actions_on(post))
    entry = BinEntry.objects.get()
    assert (entry.slug, entry.was_live, entry.deleted_by.username) == (post.slug, True, "editor")


def test_an_administrator_restores_it_live_at_its_old_address(administrator, client):
    post = make_post("en", "Lawyer summoned")
    address = post.url
    bin.move_to_bin(post)
    assert administrator.post(f"/admin/bin/{BinEntry.objects.get().pk}/restore/").status_code == 302
    restored = PostPage.objects.get(pk=post.pk)
    assert restored.live and restored.url == address
    assert client.get(address).status_code == 200
    assert "bayan.restore" in actions_on(post)
    assert not BinEntry.objects.exists()


def test_a_restored_post_takes_a_free_slug_if_its_own_was_reused(client):
    post = make_post("en", "Statement", slug="statement-on-adra")
    bin.move_to_bin(post)
    make_post("en", "Another statement", slug="statement-on-adra")
    restored = bin.restore(BinEntry.objects.get())
    assert restored.slug == "statement-on-adra-2" and restored.live
    assert client.get("/en/statement-on-adra-2/").status_code == 200


def test_a_draft_comes_back_a_draft():
    post = make_post("en", "Draft statement", live=False)
    bin.move_to_bin(post)
    assert not bin.restore(BinEntry.objects.get()).live


def test_search_forgets_a_binned_post_and_finds_it_again_when_restored():
    # The search index is written when each change commits.
    with as_committed():
        post = make_post("en", "Zaitouneh disappearance anniversary")
    assert [hit.title for hit in search("Zaitouneh").hits] == [post.title]
    with as_committed():
        bin.move_to_bin(post)
    assert search("Zaitouneh").hits == []
    with as_committed():
        bin.restore(BinEntry.objects.get())
    assert [hit.title for hit in search("Zaitouneh").hits] == [post.title]


def test_editors_neither_see_the_bin_nor_restore(editor):
    post = make_post("en", "Held")
    bin.move_to_bin(post)
    # Wagtail's admin answers a refusal by sending the user back to the dashboard.
    assert editor.get("/admin/bin/")["Location"] == "/admin/"
    editor.post(f"/admin/bin/{BinEntry.objects.get().pk}/restore/")
    assert BinEntry.objects.exists()
    editor_user = User.objects.get(username="editor")
    assert not BinPage.objects.get().permissions_for_user(editor_user).can_edit()
    assert not Page.objects.get(pk=post.pk).permissions_for_user(editor_user).can_publish()


def test_the_bin_lists_what_was_deleted_by_whom(administrator):
    post = make_post("en", "Deleted statement")
    bin.move_to_bin(post, User.objects.get(username="administrator"))
    page = administrator.get("/admin/bin/").content.decode()
    assert "Deleted statement" in page and "administrator" in page


def test_bulk_deleting_sends_every_post_to_the_bin(editor):
    posts = [make_post("en", f"Statement {number}") for number in range(3)]
    query = "&".join(f"id={post.pk}" for post in posts)
    home = HomePage.objects.get(locale__language_code="en")
    response = editor.post(f"/admin/bulk/wagtailcore/page/delete/?{query}&childOf={home.pk}")
    assert response.status_code == 302
    assert BinEntry.objects.count() == 3
    assert not PostPage.objects.filter(live=True).exists()


def test_a_home_page_cannot_be_deleted(client):
    user = User.objects.create_superuser("root", password="a long enough passphrase 42")
    fully_signed_in(client, user)
    home = HomePage.objects.get(locale__language_code="en")
    client.post(f"/admin/pages/{home.pk}/delete/")
    assert HomePage.objects.filter(pk=home.pk).exists()


def test_only_a_superuser_purges_and_the_audit_entry_stays(administrator, client):
    post = make_post("en", "To be purged")
    bin.move_to_bin(post)
    entry = BinEntry.objects.get()
    administrator.post(f"/admin/bin/{entry.pk}/purge/")
    assert Page.objects.filter(pk=post.pk).exists()
    root = User.objects.create_superuser("root", password="a long enough passphrase 42")
    fully_signed_in(client, root)
    assert client.post(f"/admin/bin/{entry.pk}/purge/")["Location"] == "/admin/bin/"
    assert not Page.objects.filter(pk=post.pk).exists()
    assert "bayan.purge" in actions_on(post)


def test_restoring_brings_back_what_readers_saw_not_a_draft_waiting_for_review(client):
    post = make_post("en", "Statement as published", slug="statement")
    post.title = "Statement with an unreviewed change"
    post.save_revision()
    bin.move_to_bin(Page.objects.get(pk=post.pk))
    restored = bin.restore(BinEntry.objects.get())
    assert restored.live and restored.title == "Statement as published"
    assert restored.has_unpublished_changes
    assert restored.get_latest_revision().as_object().title == "Statement with an unreviewed change"
    assert "Statement as published" in client.get("/en/statement/").content.decode()
