"""Suggested persons for a post: names in both scripts, with prefixes and other spellings, never a first name alone."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bayan.cases.models import LinkState, PostPerson
from bayan.cases.suggestions import NameIndex, record, suggest, suggest_and_record
from bayan.cases.tests.factories import make_person
from bayan.newsroom.tests.factories import make_post
from bayan.search.models import SearchEquivalent

pytestmark = pytest.mark.django_db


@pytest.fixture
def razan():
    return make_person("Razan Zaitouneh", "رزان زيتونة", aliases="Razan Zeitouneh")


def names_found(title, body=""):
    return [person.name_en for person in suggest(make_post(title=title, body=f"<p>{body}</p>"))]


def test_an_arabic_name_is_found_with_a_preposition_in_front_and_another_ta_marbuta(razan):
    assert names_found("بيان", "نطالب بالإفراج عن لرزان زيتونه ورفاقها") == ["Razan Zaitouneh"]


def test_an_arabic_name_is_found_after_a_conjunction_and_with_its_article(razan):
    hamsi = make_person("Yassin al-Hamsi", "ياسين الحمصي")
    found = names_found("بيان", "اعتقل ورزان زيتونة وياسين الحمصي")
    assert found == [razan.name_en, hamsi.name_en]


def test_an_english_name_is_found_in_any_case_with_its_diacritics_folded(razan):
    assert names_found("Where is RAZAN ZAÏTOUNEH?") == ["Razan Zaitouneh"]


def test_an_alias_is_found(razan):
    assert names_found("A statement", "We remember Razan Zeitouneh.") == ["Razan Zaitouneh"]


def test_a_father_s_name_between_the_first_and_family_name_still_matches(razan):
    assert names_found("A statement", "Razan Hamid Zaitouneh was abducted.") == ["Razan Zaitouneh"]


def test_a_common_first_name_alone_suggests_no_one(razan):
    make_person("Razan Haddad", "رزان حداد")
    assert names_found("Razan, a reader, wrote to us", "رزان كتبت لنا") == []


def test_a_family_name_alone_suggests_no_one(razan):
    assert names_found("The Zaitouneh family", "عائلة زيتونة") == []


def test_a_spelling_from_the_search_equivalents_matches_without_being_an_alias(razan):
    SearchEquivalent.objects.create(label="Zaitouneh", words="Zaitouneh\nZaytouna\nزيتونة")
    assert names_found("Razan Zaytouna, ten years on") == ["Razan Zaitouneh"]


def test_the_index_is_built_again_when_a_person_is_added(razan):
    assert names_found("Samira Khalil and Razan Zaitouneh") == ["Razan Zaitouneh"]
    make_person("Samira Khalil", "سميرة الخليل")
    assert names_found("Samira Khalil and Razan Zaitouneh") == ["Samira Khalil", "Razan Zaitouneh"]


def test_an_index_without_equivalents_matches_token_sequences_only():
    index = NameIndex([(1, "razan zaitouneh"), (2, "razan")])
    assert index.find("razan zaitouneh and razan") == [1]


def test_suggestions_never_override_an_editor_s_decision(razan):
    nazem = make_person("Nazem Hamadi", "ناظم حمادي")
    samira = make_person("Samira Khalil", "سميرة الخليل")
    post = make_post(title="Razan Zaitouneh, Nazem Hamadi and Samira Khalil")
    PostPerson.objects.all().delete()  # publishing suggested already
    PostPerson.objects.create(post=post, person=razan, state=LinkState.LINKED)
    PostPerson.objects.create(post=post, person=nazem, state=LinkState.REJECTED)
    assert suggest_and_record(post) == (1, 0)
    states = dict(PostPerson.objects.filter(post=post).values_list("person__name_en", "state"))
    assert states == {"Razan Zaitouneh": "linked", "Nazem Hamadi": "rejected", "Samira Khalil": "suggested"}
    assert samira.post_links.get().state == "suggested"


def test_a_suggestion_whose_name_left_the_post_is_withdrawn_and_a_decision_stays(razan):
    nazem = make_person("Nazem Hamadi", "ناظم حمادي")
    post = make_post(title="Razan Zaitouneh and Nazem Hamadi")
    PostPerson.objects.filter(person=nazem).update(state=LinkState.LINKED)
    assert record([(post.pk, [])]) == (0, 1)
    assert list(PostPerson.objects.values_list("person_id", "state")) == [(nazem.pk, "linked")]


def run_suggest(*arguments):
    output = io.StringIO()
    call_command("cases_suggest", *arguments, stdout=output)
    return output.getvalue()


def test_the_command_suggests_for_every_post_and_links_nothing(razan):
    make_post(title="Razan Zaitouneh")
    make_post(title="لرزان زيتونه")
    make_post(title="Nothing about anyone")
    PostPerson.objects.all().delete()  # publishing suggested already; the command must find them again
    output = run_suggest()
    assert "Read 3 posts: 2 name at least one person; 2 new suggestions" in output
    assert set(PostPerson.objects.values_list("state", flat=True)) == {"suggested"}
    assert "0 new suggestions" in run_suggest()


def test_the_command_reads_only_the_post_or_the_days_asked(razan):
    old = make_post(title="Razan Zaitouneh", days_ago=400)
    make_post(title="Razan Zaitouneh", days_ago=1)
    PostPerson.objects.all().delete()
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert "Read 1 posts" in run_suggest("--since", since)
    assert "Read 1 posts" in run_suggest("--post", str(old.pk))
    assert PostPerson.objects.count() == 2


@pytest.mark.parametrize("arguments, message", [(["--since", "2024-02-30"], "--since wants a date"),
                                                (["--post", "999999"], "there is no post with the id 999999")])
def test_the_command_names_what_is_wrong_with_its_arguments(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("cases_suggest", *arguments)


def test_publishing_a_post_records_its_suggestions(razan):
    post = make_post(title="A statement", body="<p>لرزان زيتونه</p>")
    assert list(post.person_links.values_list("person_id", "state")) == [(razan.pk, "suggested")]
