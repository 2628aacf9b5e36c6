"""Sets of documents in memory: exact, renewed whenever the index changes, bounded in size."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from bayan.newsroom.tests.factories import make_post
from bayan.search import matchsets
from bayan.search.backends import backend_for
from bayan.search.models import SearchDocument, SearchIndexState
from bayan.search.query import parse
from bayan.search.searching import search


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_a_set_holds_exactly_the_ids_it_was_read_from(ids):
    bits = matchsets.bits_of(",".join(map(str, sorted(ids))))
    member = matchsets.membership(bits)
    assert bits.bit_count() == len(ids)
    assert all(member(number) for number in ids)
    assert not any(member(number) for number in range(0, 5100, 7) if number not in ids)


def token():
    return SearchIndexState.objects.get(pk=1).token


@pytest.mark.django_db
def test_every_write_to_the_documents_renews_the_token():
    before = token()
    post = make_post("en", "Lawyer summoned")
    after_insert = token()
    assert after_insert != before
    SearchDocument.objects.filter(pk=post.pk).update(year=1999)
    after_update = token()
    assert after_update != after_insert
    post.delete()
    assert not SearchDocument.objects.filter(pk=post.pk).exists()
    assert token() != after_update


@pytest.mark.django_db
def test_a_process_reads_its_sets_again_once_the_index_has_changed():
    make_post("en", "Lawyer summoned")
    first = matchsets.for_search(backend_for(connection), connection)
    assert matchsets.for_search(backend_for(connection), connection) is first
    assert [hit.title for hit in search("lawyer").hits] == ["Lawyer summoned"]
    make_post("en", "Lawyer released")
    assert matchsets.for_search(backend_for(connection), connection) is not first
    assert sorted(hit.title for hit in search("lawyer").hits) == ["Lawyer released", "Lawyer summoned"]


@pytest.mark.django_db
def test_sets_stay_exact_when_the_memory_budget_forces_them_out():
    posts = [make_post("en", f"{word} case") for word in ("Lawyer", "Doctor", "Teacher")]
    sets = matchsets.DocumentSets(backend_for(connection), connection, memory_budget=0)
    for _round in range(2):
        for post, word in zip(posts, ("lawyer", "doctor", "teacher")):
            assert sets.query(parse(word)) == 1 << post.pk
    assert len(sets._words) == 1


@pytest.mark.django_db
def test_a_post_dated_later_is_outside_the_visible_set_until_its_date():
    from datetime import timedelta

    from django.utils import timezone

    later = make_post("en", "Embargoed statement", date=timezone.now() + timedelta(hours=2))
    sets = matchsets.for_search(backend_for(connection), connection)
    assert not matchsets.membership(sets.visible(timezone.now()))(later.pk)
    assert matchsets.membership(sets.visible(timezone.now() + timedelta(hours=3)))(later.pk)
