"""Editors decide on suggested persons: the post editor's panel, the queue, a post's review page."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member
from bayan.cases.models import LinkState, PostPerson, Visibility
from bayan.cases.suggestion_views import LINKED_FIELD, SHOWN_FIELD
from bayan.cases.tests.factories import make_person
from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import make_post
from bayan.newsroom.tests.test_editing_in_the_admin import post_form

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases_suggestions:queue")
DECIDE = reverse("cases_suggestions:decide")


@pytest.fixture
def razan():
    return make_person("Razan Zaitouneh", "رزان زيتونة")


@pytest.fixture
def samira():
    return make_person("Samira Khalil", "سميرة الخليل")


def states(post):
    return dict(PostPerson.objects.filter(post=post).values_list("person__name_en", "state"))


def body_naming(text):
    return ('{"blocks":[{"key":"a","text":"' + text + '","type":"unstyled","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}')


def test_the_editor_shows_suggestions_and_a_ticked_one_is_linked_on_save(editor_client, razan, samira):
    post = make_post(title="Razan Zaitouneh and Samira Khalil, ten years on", slug="ten-years-on")
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    form = editor_client.get(edit).content.decode()
    assert f'name="{LINKED_FIELD}" value="{razan.pk}"' in form
    assert reverse("cases_suggestions:review", args=[post.pk]) in form
    data = post_form(title=post.title, slug="ten-years-on", body=body_naming("Where are they?"))
    data.update({SHOWN_FIELD: [razan.pk, samira.pk], LINKED_FIELD: [razan.pk]})
    assert editor_client.post(edit, data).status_code == 302
    assert states(post) == {"Razan Zaitouneh": "linked", "Samira Khalil": "suggested"}
    assert ModelLogEntry.objects.filter(object_id=str(razan.pk), action="cases.post_linked").exists()


def test_unticking_a_linked_person_in_the_editor_rejects_them(editor_client, razan):
    post = make_post(title="Razan Zaitouneh", slug="razan")
    PostPerson.objects.filter(post=post).update(state=LinkState.LINKED)
    data = post_form(title=post.title, slug="razan")
    data.update({SHOWN_FIELD: [razan.pk]})
    editor_client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), data)
    assert states(post) == {"Razan Zaitouneh": "rejected"}


def test_a_new_post_written_in_the_admin_is_linked_from_its_first_save(editor_client, razan):
    data = post_form(body=body_naming("We call for the release of Razan Zaitouneh."))
    data.update({SHOWN_FIELD: [razan.pk], LINKED_FIELD: [razan.pk]})
    editor_client.post(f"/admin/pages/add/newsroom/postpage/{home_for('en').pk}/", data)
    assert list(PostPerson.objects.values_list("person_id", "state")) == [(razan.pk, "linked")]


def test_the_queue_lists_posts_with_suggestions_newest_first(editor_client, razan, samira):
    make_post(title="Older: Razan Zaitouneh", days_ago=30)
    make_post(title="Newer: Samira Khalil", days_ago=1)
    make_post(title="Nobody named here", days_ago=2)
    page = editor_client.get(QUEUE).content.decode()
    assert page.index("Newer: Samira Khalil") < page.index("Older: Razan Zaitouneh")
    assert "Nobody named here" not in page


def test_accepting_and_rejecting_in_the_queue(editor_client, razan, samira):
    post = make_post(title="Razan Zaitouneh and Samira Khalil")
    response = editor_client.post(DECIDE, {"pair": f"{post.pk}:{razan.pk}", "state": "linked", "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    editor_client.post(DECIDE, {"pair": f"{post.pk}:{samira.pk}", "state": "rejected"})
    assert states(post) == {"Razan Zaitouneh": "linked", "Samira Khalil": "rejected"}
    assert ModelLogEntry.objects.filter(object_id=str(samira.pk), action="cases.post_rejected").exists()
    assert "Razan Zaitouneh and Samira Khalil" not in editor_client.get(QUEUE).content.decode()


def test_accepting_all_on_a_page_leaves_an_editor_s_rejection_alone(editor_client, razan, samira):
    post = make_post(title="Razan Zaitouneh and Samira Khalil")
    PostPerson.objects.filter(person=samira).update(state=LinkState.REJECTED)
    pairs = [f"{post.pk}:{razan.pk}", f"{post.pk}:{samira.pk}"]
    editor_client.post(DECIDE, {"pair": pairs, "state": "linked", "only": "suggested"})
    assert states(post) == {"Razan Zaitouneh": "linked", "Samira Khalil": "rejected"}


def test_a_decision_goes_back_only_to_this_site(editor_client, razan):
    post = make_post(title="Razan Zaitouneh")
    response = editor_client.post(DECIDE, {"pair": f"{post.pk}:{razan.pk}", "state": "linked",
                                           "next": "https://elsewhere.example/"})
    assert response["Location"] == QUEUE


def test_a_decision_needs_the_form_s_csrf_token(razan, django_user_model):
    post = make_post(title="Razan Zaitouneh")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.create_superuser("dana", "dana@example.invalid", "x" * 20))
    assert strict.post(DECIDE, {"pair": f"{post.pk}:{razan.pk}", "state": "linked"}).status_code == 403
    assert states(post) == {"Razan Zaitouneh": "suggested"}


@pytest.mark.parametrize("role, allowed", [(roles.CONTRIBUTOR, False), (roles.EDITOR, True),
                                           (roles.CASE_OFFICER, True)])
def test_who_decides(client, razan, role, allowed):
    post = make_post(title="Razan Zaitouneh")
    fully_signed_in(client, member(role))
    assert (client.get(QUEUE).status_code == 200) is allowed
    assert (client.get(reverse("cases_suggestions:review", args=[post.pk])).status_code == 200) is allowed
    client.post(DECIDE, {"pair": f"{post.pk}:{razan.pk}", "state": "linked"})
    assert states(post) == {"Razan Zaitouneh": "linked" if allowed else "suggested"}
    if role != roles.CASE_OFFICER:  # case officers edit case records, not posts
        editor = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
        assert editor.status_code == 200
        assert (f'name="{LINKED_FIELD}"' in editor.content.decode()) is allowed


def test_the_review_page_finds_anyone_by_name_to_link(editor_client, razan):
    hidden = make_person("Hidden Witness", "شاهد مخفي", visibility=Visibility.INTERNAL)
    post = make_post(title="Razan Zaitouneh")
    review = reverse("cases_suggestions:review", args=[post.pk])
    page = editor_client.get(review, {"q": "شاهد"}).content.decode()
    assert f'value="{post.pk}:{hidden.pk}"' in page
    editor_client.post(DECIDE, {"pair": f"{post.pk}:{hidden.pk}", "state": "linked", "next": review})
    assert states(post) == {"Razan Zaitouneh": "suggested", "Hidden Witness": "linked"}


def test_anonymous_readers_never_see_suggestions(client, razan):
    post = make_post(title="Razan Zaitouneh")
    assert client.get(QUEUE).status_code == 302  # to the sign-in page
    assert "Razan Zaitouneh" in client.get(post.url).content.decode()
    assert f"/en/person/{razan.slug}/" not in client.get(post.url).content.decode()


def test_a_decision_that_is_neither_link_nor_reject_is_refused_with_a_reason(editor_client, razan):
    post = make_post(title="Razan Zaitouneh")
    response = editor_client.post(DECIDE, {"pair": f"{post.pk}:{razan.pk}", "state": "maybe"})
    assert response.status_code == 400
    assert "link the person to the post or to reject" in response.content.decode()
    assert states(post) == {"Razan Zaitouneh": "suggested"}
