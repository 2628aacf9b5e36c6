"""On the demo's posts, suggestions find 95% or more of the persons a post names, and one wrong in 20 at most."""

import pytest

from bayan.cases.demo import demo_posts_and_named_persons
from bayan.cases.models import Person
from bayan.cases.suggestions import current_index, post_text
from bayan.newsroom.demo import build_demo
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """(found, missed, wrong) over every demo post, with the names of what was missed and proposed wrongly."""
    with kept_for_the_module(django_db_blocker):
        build_demo(stories=40)
        index = current_index()
        names = dict(Person.objects.values_list("pk", "name_en"))
        found, missed, wrong = 0, [], []
        for post, named in demo_posts_and_named_persons():
            suggested = set(index.find(post_text(post)))
            found += len(named & suggested)
            missed += [(post.title, names[pk]) for pk in named - suggested]
            wrong += [(post.title, names[pk]) for pk in suggested - named]
    return found, missed, wrong


def test_suggestions_find_at_least_95_percent_of_the_persons_named(measured):
    found, missed, _wrong = measured
    assert found and found / (found + len(missed)) >= 0.95, missed


def test_suggestions_propose_at_most_one_wrong_person_in_twenty(measured):
    found, _missed, wrong = measured
    assert len(wrong) / (found + len(wrong)) <= 0.05, wrong
