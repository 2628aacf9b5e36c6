"""A small public newsroom with a person, an event, an organisation and a statement, and an API client."""

import pytest
from django.test import Client

from bayan.cases.models import LinkState, PostPerson
from bayan.cases.tests.factories import make_event, make_person
from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import make_post
from bayan.statements.tests.factories import make_organisation, make_statement
from bayan.tests.committing import committed


@pytest.fixture
def api():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def newsroom(db):
    return committed(build_newsroom)


def build_newsroom():
    """Posts in both languages, a tag, an author, a person with an event, an organisation and its statement."""
    tag, author = tag_named("Detention", "detention"), author_named("Field Desk", "field-desk")
    posts = [make_post(title=f"Release the reporter {number}", slug=f"release-{number}", tags=[tag],
                       authors=[author]) for number in range(3)]
    arabic = make_post("ar", "أطلقوا سراح المراسلة", slug="اطلقوا-سراح", translation_of=posts[0])
    person = make_person("Amal Reporter", "أمل المراسلة")
    make_event("arrested", "2020-03-04", person)
    PostPerson.objects.create(post=posts[0], person=person, state=LinkState.LINKED)
    organisation = make_organisation("Levant Observatory", "مرصد المشرق")
    statement = make_statement(posts[1], organisation)
    return {"posts": posts, "arabic": arabic, "tag": tag, "author": author, "person": person,
            "organisation": organisation, "statement": statement}
