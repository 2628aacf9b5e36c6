"""PostgreSQL keeps each document's title vector in its row, where ranking a search's title matches reads it."""

import pytest
from django.db import connection

from bayan.newsroom.tests.factories import make_post
from bayan.search.searching import search

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage of a column")


@pytest.mark.django_db
def test_the_title_vector_is_stored_in_the_row_after_the_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'bayan_search_searchdocument'::regclass "
                       "AND attname = 'title_vector'")
        assert cursor.fetchone() == ("m",)


@pytest.mark.django_db
def test_a_document_whose_long_columns_left_its_row_is_still_ranked_by_its_title():
    # A body long enough that PostgreSQL moves the row's long columns out of it (the storage itself is pinned
    # above: PostgreSQL offers no plain way to ask where one stored value lies).
    body = "".join(f"<p>Paragraph {number} on the hearing of the detained lawyers and their families.</p>"
                   for number in range(300))
    best = make_post("en", "Detained lawyers: the court hearing", body=body)
    make_post("en", "A statement on the hearing", body="<p>The detained lawyers were heard by the court.</p>")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_size(terms) FROM bayan_search_searchdocument WHERE page_id = %s", [best.pk])
        assert cursor.fetchone()[0] > 2000
    assert search("detained lawyers").hits[0].post_id == best.pk
