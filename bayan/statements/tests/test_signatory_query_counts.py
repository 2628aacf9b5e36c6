"""A statement with 300 signatories costs the same queries as one with 3, on its page and in a feed."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Organisation, Signatory, Statement, Visibility
from bayan.statements.signatory_list import statement_additions

from .factories import make_statement

pytestmark = pytest.mark.django_db


def _statement_with(count, slug):
    post = make_post(slug=slug)
    statement = make_statement(post)
    organisations = Organisation.objects.bulk_create(
        Organisation(slug=f"{slug}-{number}", name_en=f"Signer {slug} {number}", name_ar=f"موقّع {number}",
                     visibility=Visibility.INTERNAL if number % 10 == 0 else Visibility.PUBLIC)
        for number in range(count))
    Signatory.objects.bulk_create(
        Signatory(statement=statement, organisation=organisation, sort_order=place,
                  after_publication=place % 7 == 0) for place, organisation in enumerate(organisations))
    return post


def _queries(client, address):
    client.get(address)  # what is held per generation is read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def test_a_post_page_reads_its_signatories_in_fixed_queries(client):
    _statement_with(3, "small")
    _statement_with(300, "large")
    assert _queries(client, "/en/large/") == _queries(client, "/en/small/")


def test_a_post_that_is_no_statement_adds_no_query(client):
    _statement_with(3, "small")
    make_post(slug="plain")
    assert _queries(client, "/en/plain/") < _queries(client, "/en/small/")


def test_a_statements_signatories_are_one_query(client):
    _statement_with(300, "large")
    make_post(slug="plain")
    assert _queries(client, "/en/large/") == _queries(client, "/en/plain/") + 1


def test_one_post_and_many_read_the_same_list():
    """A post's page reads its statement with SQL built once, a feed all its statements at once: the same list."""
    large, small = _statement_with(300, "large"), _statement_with(3, "small")
    Signatory.objects.filter(statement__translation_key=large.translation_key, after_publication=True).update(
        signed_on=date(2026, 3, 9))
    Signatory.objects.create(statement=Statement.objects.get(translation_key=small.translation_key),
                             individual_name="Mona <Example>", individual_title="lawyer & writer", sort_order=1)
    for language, late_date in (("en", "9 March 2026"), ("ar", "9 مارس 2026")):
        together = statement_additions([large, small, make_post(slug=f"plain-{language}")], language)
        assert set(together) == {large.pk, small.pk}
        for post in (large, small):
            alone = statement_additions([post], language)[post.pk]
            assert (alone.html, alone.structured_data, alone.feed_text) == (
                together[post.pk].html, together[post.pk].structured_data, together[post.pk].feed_text)
        assert "Mona &lt;Example&gt;" in together[small.pk].html
        assert late_date in together[large.pk].html


def test_a_feed_reads_every_items_signatories_at_once(client):
    _statement_with(3, "small")
    few = _queries(client, "/en/feed/")
    for number in range(4):
        _statement_with(300, f"large{number}")
    assert _queries(client, "/en/feed/") == few
