"""A statement's admin screen: made from a post, the same from every translation; its list, options and links."""

import pytest
from wagtail.models import ModelLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.newsroom.tests.factories import make_post
from bayan.statements import signatories
from bayan.statements.models import SignOnLink, Statement
from bayan.statements.tests.factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    return fully_signed_in(client, member(roles.EDITOR))


def screen(post):
    return f"/admin/statements/post/{post.pk}/"


def test_a_post_is_made_a_joint_statement_on_first_use(editor):
    post = make_post()
    assert "Make this a joint statement" in editor.get(screen(post)).content.decode()
    editor.post(screen(post), {"action": "create"})
    assert Statement.of_post(post) is not None


def test_the_post_editor_leads_to_the_screen(editor):
    post = make_post()
    page = editor.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "This post is not a joint statement." in page and screen(post) in page


def test_organisations_are_found_in_both_scripts_added_moved_and_removed(editor):
    post = make_post()
    statement = make_statement(post, make_organisation("First Fictional Network"))
    cpj = make_organisation("Committee to Protect Journalists", "لجنة حماية الصحفيين", short_name_en="CPJ")
    assert "Committee to Protect Journalists" in editor.get(screen(post), {"q": "الصحفيين"}).content.decode()
    editor.post(screen(post), {"action": "add_organisation", "organisation": cpj.pk})
    added = statement.signatories.get(organisation=cpj)
    editor.post(screen(post), {"action": "up", "signatory": added.pk})
    assert [s.organisation for s in statement.signatories.all()][0] == cpj
    editor.post(screen(post), {"action": "remove", "signatory": added.pk})
    assert not statement.signatories.filter(organisation=cpj).exists()
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {signatories.ADDED, signatories.MOVED, signatories.REMOVED} <= actions


def test_individuals_only_when_the_statement_allows_them(editor):
    post = make_post()
    statement = make_statement(post)
    editor.post(screen(post), {"action": "add_individual", "name": "Rana Fictional"})
    assert not statement.signatories.exists()
    editor.post(screen(post), {"action": "options", "allows_individuals": "on"})
    editor.post(screen(post), {"action": "add_individual", "name": "Rana Fictional", "title": "journalist"})
    assert statement.signatories.get().individual_title == "journalist"


def test_a_link_is_shown_once_and_only_its_digest_kept(editor, settings):
    post = make_post()
    statement = make_statement(post)
    issuing = editor.post(screen(post), {"action": "issue", "days": "14", "language": "ar"})
    assert issuing.status_code == 302  # reloading the page that shows the link issues no second one
    page = editor.get(issuing.url).content.decode()
    link = SignOnLink.objects.get(statement=statement)
    token = page.split(settings.BASE_URL + "/ar/sign/")[1].split("/")[0]
    assert SignOnLink.find(token) == link and token not in link.token_digest
    assert token not in editor.get(screen(post)).content.decode()
    assert SignOnLink.objects.filter(statement=statement).count() == 1
    editor.post(screen(post), {"action": "revoke", "link": link.pk})
    link.refresh_from_db()
    assert not link.is_usable()


def test_a_bad_link_life_is_refused_with_a_message(editor):
    post = make_post()
    make_statement(post)
    response = editor.post(screen(post), {"action": "issue", "days": "forever"}, follow=True)
    assert "number of days from 1 to 365" in response.content.decode()
    assert not SignOnLink.objects.exists()


def test_a_contributor_is_sent_away(client):
    fully_signed_in(client, member(roles.CONTRIBUTOR))
    post = make_post()
    assert client.post(screen(post), {"action": "create"}).url == "/admin/"
    assert Statement.of_post(post) is None
