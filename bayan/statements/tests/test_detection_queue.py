"""The detected lists' queue: an editor corrects names, accepts or rejects lists one by one or in bulk."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import PageLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.newsroom.tests.factories import make_post
from bayan.statements import detection_review
from bayan.statements.models import DetectedSignatory, Organisation, ProposalState, Statement
from bayan.statements.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

QUEUE, DECIDE = "/admin/statements/detected/", "/admin/statements/detected/decide/"
ENGLISH = ("<p>Text.</p><p>The undersigned organisations:</p><ul><li>Levant Press Freedom Observatory</li>"
           "<li>Atlas Legal Aid Centre</li><li>Sahel Writers Collective</li></ul>")
ARABIC = "<p>نص.</p><p>المنظمات الموقعة:</p><p>مرصد المشرق لحرية الصحافة، مركز الأطلس للمساعدة القانونية</p>"


@pytest.fixture
def editor(client):
    return fully_signed_in(client, member(roles.EDITOR))


def detected_post(body=ENGLISH, **fields):
    post = make_post(body=body, **fields)
    call_command("statements_detect", "--post", str(post.pk), stdout=StringIO())
    return post


def rows(post):
    return list(DetectedSignatory.objects.filter(post=post).order_by("position"))


def signed(post):
    statement = Statement.of_post(post)
    return [str(signatory) for signatory in statement.signatories.all()] if statement else None


def test_the_queue_shows_each_name_with_its_proposed_organisation(editor):
    make_organisation("Levant Press Freedom Observatory", "مرصد المشرق لحرية الصحافة")
    post = detected_post(title="A fictional joint statement")
    page = editor.get(QUEUE).content.decode()
    assert "A fictional joint statement" in page and "Sahel Writers Collective" in page
    observatory_row = rows(post)[0]
    assert f'name="choice-{observatory_row.pk}"' in page
    assert "A new organisation: Atlas Legal Aid Centre" in page


def test_accepting_as_proposed_makes_the_statement_in_order_with_new_organisations(editor):
    observatory = make_organisation("Levant Press Freedom Observatory")
    post = detected_post()
    editor.post(DECIDE, {"row": f"accept:{post.pk}"})
    assert signed(post) == ["Levant Press Freedom Observatory", "Atlas Legal Aid Centre", "Sahel Writers Collective"]
    assert Statement.of_post(post).signatories.first().organisation == observatory
    assert Organisation.objects.count() == 3
    assert {row.state for row in rows(post)} == {ProposalState.ACCEPTED}
    assert PageLogEntry.objects.filter(page=post, action=detection_review.ACCEPTED).exists()


def test_an_editor_chooses_another_organisation_types_one_or_leaves_a_name_out(editor):
    network = make_organisation("Sahel Writers Network")
    make_organisation("Atlas Centre for Legal Aid")
    post = detected_post()
    first, second, third = rows(post)
    editor.post(DECIDE, {"row": f"accept:{post.pk}", f"choice-{first.pk}": "leave-out",
                         f"other-{second.pk}": "Atlas Centre for Legal", f"choice-{third.pk}": str(network.pk)})
    assert signed(post) == ["Atlas Centre for Legal Aid", "Sahel Writers Network"]
    assert DetectedSignatory.objects.get(pk=first.pk).state == ProposalState.REJECTED
    assert Organisation.objects.count() == 2  # nothing made for the name left out


def test_a_typed_organisation_that_is_not_found_leaves_the_list_waiting_with_a_message(editor):
    post = detected_post(title="Statement on the fictional trial")
    second = rows(post)[1]
    response = editor.post(DECIDE, {"row": f"accept:{post.pk}", f"other-{second.pk}": "Nobody By This Name"},
                           follow=True)
    page = response.content.decode()
    assert "Statement on the fictional trial" in page and "Nobody By This Name" in page
    assert "no organisation is called" in page
    assert Statement.of_post(post) is None
    assert {row.state for row in rows(post)} == {ProposalState.PROPOSED}


def test_ticked_lists_accepted_in_bulk_share_the_new_organisations(editor):
    english = detected_post()
    other = detected_post(ENGLISH.replace("Sahel Writers Collective", "Delta Radio Union"))
    arabic = detected_post(ARABIC)
    editor.post(DECIDE, {"bulk": "accept", "ticked": [english.pk, other.pk]})
    assert signed(english)[:2] == signed(other)[:2]
    assert Organisation.objects.filter(name_en="Atlas Legal Aid Centre").count() == 1
    assert signed(arabic) is None  # not ticked: still waiting
    editor.post(DECIDE, {"bulk": "reject", "ticked": [arabic.pk]})
    assert {row.state for row in rows(arabic)} == {ProposalState.REJECTED}
    assert PageLogEntry.objects.filter(page=arabic, action=detection_review.REJECTED).exists()
    assert "No detected list is waiting" in editor.get(QUEUE).content.decode()


def test_accepting_an_arabic_list_names_the_new_organisations_in_arabic(editor):
    post = detected_post(ARABIC)
    editor.post(DECIDE, {"row": f"accept:{post.pk}"})
    assert signed(post) == ["مرصد المشرق لحرية الصحافة", "مركز الأطلس للمساعدة القانونية"]
    assert set(Organisation.objects.values_list("name_en", flat=True)) == {""}


def test_a_published_post_keeps_its_list_as_it_was_at_publication(editor):
    post = detected_post()
    editor.post(DECIDE, {"row": f"accept:{post.pk}"})
    statement = Statement.of_post(post)
    assert statement.frozen_at == post.first_published_at
    assert not statement.signatories.filter(after_publication=True).exists()


def test_decided_lists_are_not_decided_again_and_nothing_ticked_says_so(editor):
    post = detected_post()
    editor.post(DECIDE, {"row": f"reject:{post.pk}"})
    editor.post(DECIDE, {"row": f"accept:{post.pk}"})
    assert Statement.of_post(post) is None
    response = editor.post(DECIDE, {"bulk": "accept"}, follow=True)
    assert "Nothing was decided" in response.content.decode()


def test_contributors_and_case_officers_are_sent_away(client):
    post = detected_post()
    for role in (roles.CONTRIBUTOR, roles.CASE_OFFICER):
        client.logout()
        fully_signed_in(client, member(role))
        assert client.get(QUEUE).status_code in (302, 403)
        client.post(DECIDE, {"row": f"accept:{post.pk}"})
    assert Statement.of_post(post) is None
