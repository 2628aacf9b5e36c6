"""A person's page and the persons index cost a fixed number of queries, however long the timeline or the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.cases.models import EventSource, PostPerson
from bayan.cases.tests.factories import make_event, make_person
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db

# With the page cache off, as here, the first value held per content generation reads its token.
GENERATION = 1


def queries_for(client, url):
    client.get(url)  # the first request fills what is held per process and generation
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow_case(person, events):
    """``events`` more events on ``person``'s timeline, each shared with someone, with a source post, a linked post."""
    for number in range(events):
        companion = make_person()
        event = make_event("arrested" if number % 2 else "transferred", f"{2010 + number}-01-0{1 + number % 9}",
                           person, companion, place=f"Place {number}")
        post = make_post()
        EventSource.objects.create(event=event, post=post)
        EventSource.objects.create(event=event, url=f"https://witness.example/{number}")
        PostPerson.objects.create(post=post, person=person)


# The person with their portrait and status's event; their roles; their events; those events'
# persons and sources; the translations of the posts the sources name, then those readers may see;
# the linked posts.
PERSON_PAGE = 8


def test_a_person_page_is_a_fixed_number_of_queries(client):
    person = make_person("Razan Example", roles=["journalist", "lawyer"])
    grow_case(person, 2)
    few = queries_for(client, "/en/person/razan-example/")
    grow_case(person, 6)
    assert queries_for(client, "/en/person/razan-example/") == few == PERSON_PAGE + GENERATION


# Everything the index shows is held per content generation: only the generation is read.
def test_the_persons_index_page_3_filtered_by_status_reads_only_the_generation(client, settings):
    settings.BAYAN_ITEMS_PER_PAGE = 2
    for number in range(8):
        person = make_person(roles=["journalist"])
        make_event("arrested", f"201{number}-05-01", person, place="Damascus")
    few = queries_for(client, "/en/person/page/3/?status=detained")
    for number in range(8):
        make_event("abducted", f"200{number}", make_person(roles=["lawyer"]))
    assert queries_for(client, "/en/person/page/3/?status=detained") == few == GENERATION
