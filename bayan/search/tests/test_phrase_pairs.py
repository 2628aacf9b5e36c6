"""PostgreSQL finds phrases through its index of neighbouring stems, with the same matches as positions give."""

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from bayan.newsroom.tests.factories import make_post
from bayan.search.backends import PAIRS_VECTOR, backend_for, pairs_of
from bayan.search.query import parse
from bayan.search.searching import search

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of pairs")

STEMS = ["a", "b", "c", "حقوق", "انسان", "press"]


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(STEMS), max_size=7), st.sampled_from(STEMS), st.sampled_from(STEMS))
def test_a_pair_is_found_exactly_where_the_two_stems_are_neighbours(terms, first, second):
    text = " ".join(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_tsvector('simple', {pairs_of('%s')}) @@ to_tsquery('simple', %s), "
                       "to_tsvector('simple', %s) @@ to_tsquery('simple', %s)",
                       [text, text, f"'p{first}0{second}'", text, f"'{first}' <-> '{second}'"])
        by_pairs, by_positions = cursor.fetchone()
    assert by_pairs == by_positions


@pytest.mark.django_db
def test_a_phrase_is_read_from_the_index_of_pairs():
    make_post("en", "Human rights defenders", body="<p>Human rights in the courts.</p>")
    pairs, alone = backend_for(connection).pairs(parse('"human rights"').required[0])
    assert alone
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT page_id FROM bayan_search_searchdocument "
                       f"WHERE {PAIRS_VECTOR} @@ to_tsquery('simple', %s)", [pairs])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "bayan_search_pairs" in plan


@pytest.mark.django_db
def test_a_longer_phrase_needs_its_words_in_a_row_not_only_its_pairs():
    make_post("en", "Courts and lawyers", body="<p>Military courts tried them. Courts lawyers strike.</p>")
    make_post("en", "Military courts lawyers", body="<p>A statement.</p>")
    assert [hit.title for hit in search('"military courts lawyers"').hits] == ["Military courts lawyers"]
    assert [hit.title for hit in search('"courts lawyers"').hits] == ["Military courts lawyers",
                                                                       "Courts and lawyers"]
