"""Sets of documents in memory: exact, renewed whenever the index changes, bounded in size."""

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from bayan.newsroom.tests.factories import make_post
from bayan.search import bits, matchsets
from bayan.search.backends import MATCHING_FUNCTION, backend_for
from bayan.search.models import SearchChange, SearchDocument
from bayan.search.query import parse
from bayan.search.searching import search


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_a_set_holds_exactly_the_ids_it_was_read_from(ids):
    found = bits.bits_of(",".join(map(str, sorted(ids))))
    assert found.bit_count() == len(ids)
    assert all(found >> number & 1 for number in ids)


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_a_set_read_in_64_bit_words_holds_exactly_its_ids(ids):
    words = {}
    for number in ids:
        words[number >> 6] = words.get(number >> 6, 0) | 1 << (number & 63)
    # As PostgreSQL's bigint sends it: the top bit makes a word negative.
    signed = [(index, word - (1 << 64) if word >> 63 else word) for index, word in words.items()]
    assert bits.bits_of_words(signed) == bits.bits_of(",".join(map(str, ids)))


@given(st.sets(st.integers(min_value=0, max_value=5000)), st.integers(min_value=0, max_value=300))
def test_the_highest_ids_of_a_set_come_largest_first(ids, count):
    found = bits.bits_of(",".join(map(str, ids)))
    assert bits.highest(found, count) == sorted(ids, reverse=True)[:count]


@given(st.lists(st.sets(st.integers(min_value=0, max_value=3000)), max_size=8),
       st.sets(st.integers(min_value=0, max_value=3000), max_size=40))
def test_a_facet_followed_after_a_change_loses_exactly_the_changed_documents(values, changed):
    sets = {number: bits.bits_of(",".join(map(str, ids))) for number, ids in enumerate(values)}
    changed = sorted(changed)
    gone = ~bits.bits_of(",".join(map(str, changed)))
    assert matchsets._without(sets, changed, gone) == {number: found & gone for number, found in sets.items()}


def logged():
    return list(SearchChange.objects.order_by("id").values_list("page_id", flat=True))


@pytest.mark.django_db
def test_every_write_to_the_documents_is_logged():
    post = make_post("en", "Lawyer summoned")
    assert post.pk in logged()
    before = len(logged())
    SearchDocument.objects.filter(pk=post.pk).update(year=1999)
    assert len(logged()) > before and logged()[-1] == post.pk
    before = len(logged())
    post.delete()
    assert not SearchDocument.objects.filter(pk=post.pk).exists()
    assert len(logged()) > before and logged()[-1] == post.pk


@pytest.mark.django_db
def test_the_log_keeps_only_the_newest_changes(monkeypatch):
    monkeypatch.setattr(matchsets, "CHANGES_KEPT", 3)
    for number in range(4):
        make_post("en", f"Case {number}")
    assert 0 < len(logged()) <= 3 + 2


def current_sets():
    return matchsets.for_search(backend_for(connection), connection)


@pytest.mark.django_db
def test_a_process_follows_the_changes_logged_since_it_read_its_sets():
    from bayan.newsroom.models import Tag

    make_post("en", "Lawyer summoned", tags=["Homs"])
    first = current_sets()
    assert current_sets() is first
    assert [hit.title for hit in search("lawyer").hits] == ["Lawyer summoned"]
    moved = make_post("en", "Lawyer released", tags=["Aleppo"])
    following = current_sets()
    assert following is not first
    # The facets' sets were brought up to date from the changed post alone, not read afresh.
    assert following._facets and following.head != first.head
    results = search("lawyer")
    assert sorted(hit.title for hit in results.hits) == ["Lawyer released", "Lawyer summoned"]
    assert {value.label: value.count for value in results.facets["tag"]} == {"Homs": 1, "Aleppo": 1}
    moved.unpublish()
    results = search("lawyer")
    assert [hit.title for hit in results.hits] == ["Lawyer summoned"]
    assert {value.label: value.count for value in results.facets["tag"]} == {"Homs": 1}
    assert Tag.objects.filter(name="Aleppo").exists()


@pytest.mark.django_db
def test_every_facet_followed_from_changes_equals_the_facet_read_afresh():
    from datetime import timedelta

    from django.utils import timezone

    from bayan.newsroom.services import author_named
    from bayan.newsroom.tests.factories import category
    from bayan.search.searching import FACETS

    make_post("en", "Lawyer summoned", tags=["Homs"], category=category("en", "statement"))
    moved = make_post("ar", "استدعاء محام", tags=["حمص"], authors=[author_named("Rana")])
    first = current_sets()
    for name in FACETS:
        first.facet(name)
    # Changes to every facet at once: a new year, category, tag and author, and a post's tags taken away.
    make_post("en", "Lawyer released", tags=["Aleppo"], category=category("en", "report"),
              authors=[author_named("Sami")], date=timezone.now() - timedelta(days=800))
    moved.tags.clear()
    moved.save_revision().publish()
    following = current_sets()
    assert following is not first and following._facets
    fresh = matchsets.DocumentSets(following.backend, following.db)
    for name in FACETS:
        assert following.facet(name) == fresh.facet(name), name


@pytest.mark.django_db
def test_sets_are_read_afresh_when_the_change_they_saw_is_gone():
    make_post("en", "Lawyer summoned")
    first = current_sets()
    first.facet("language")
    SearchChange.objects.all().delete()
    make_post("en", "Lawyer released")
    following = current_sets()
    assert following is not first and not following._facets
    assert sorted(hit.title for hit in search("lawyer").hits) == ["Lawyer released", "Lawyer summoned"]


@pytest.mark.django_db
def test_sets_stay_exact_when_the_memory_budget_forces_them_out():
    posts = [make_post("en", f"{word} case") for word in ("Lawyer", "Doctor", "Teacher")]
    sets = matchsets.DocumentSets(backend_for(connection), connection, memory_budget=0)
    for _round in range(2):
        for post, word in zip(posts, ("lawyer", "doctor", "teacher"), strict=True):
            assert sets.query(parse(word)) == 1 << post.pk
    assert len(sets._words) == 1


@pytest.mark.django_db
def test_the_budget_holds_the_facets_sets_and_words_sets_fill_what_they_leave():
    posts = [make_post("en", f"{word} case") for word in ("Lawyer", "Doctor", "Teacher")]
    sets = matchsets.DocumentSets(backend_for(connection), connection)
    for name in ("language", "year", "tag"):
        sets.facet(name)
    facets = sets.kept_bytes()
    assert facets > 0
    words = ("lawyer", "doctor", "teacher")
    for word in words:
        sets.query(parse(word))
    two_words = sum(sorted(map(matchsets.size_of, sets._words.values()))[-2:])
    sets.memory_budget = facets + two_words
    assert sets.query(parse("case")) == sum(1 << post.pk for post in posts)
    assert sets.kept_bytes() <= sets.memory_budget
    newest = (False, sets.backend.part(parse("case").required[0]))
    assert len(sets._words) <= 2 and next(reversed(sets._words)) == newest
    # A facet read later counts too: words make room for it.
    sets.facet("author")
    assert sets.kept_bytes() <= sets.memory_budget or not sets._words


@pytest.mark.django_db
def test_facets_past_the_budget_keep_no_words_set_between_searches_and_say_so_once(caplog):
    matchsets._warned.clear()
    posts = [make_post("en", f"{word} case") for word in ("Lawyer", "Doctor", "Teacher")]
    sets = matchsets.DocumentSets(backend_for(connection), connection)
    sets.memory_budget = 1
    with caplog.at_level("WARNING", logger="bayan.search.matchsets"):
        for _round in range(2):
            for post, word in zip(posts, ("lawyer", "doctor", "teacher"), strict=True):
                assert sets.query(parse(word)) == 1 << post.pk
                assert len(sets._words) == 1
            sets.facet("language")
    assert caplog.text.count("more than BAYAN_SEARCH_SET_MEMORY_MB") == 1
    matchsets._warned.clear()


@pytest.mark.django_db
def test_a_post_dated_later_is_outside_the_visible_set_until_its_date():
    from datetime import timedelta

    from django.utils import timezone

    later = make_post("en", "Embargoed statement", date=timezone.now() + timedelta(hours=2))
    sets = matchsets.for_search(backend_for(connection), connection)
    assert not sets.visible(timezone.now()) >> later.pk & 1
    assert sets.visible(timezone.now() + timedelta(hours=3)) >> later.pk & 1


def _sequential_scans(cursor):
    cursor.execute("SHOW enable_seqscan")
    return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_reading_a_word_leaves_the_planner_as_it_was_inside_and_outside_a_transaction():
    post = make_post("en", "Lawyer summoned")
    backend = backend_for(connection)
    expression = backend.part(parse("lawyer").required[0])
    assert backend.matching(connection, expression) == 1 << post.pk
    with connection.cursor() as cursor:
        assert _sequential_scans(cursor) == "on"
    with transaction.atomic():
        assert backend.matching(connection, expression) == 1 << post.pk
        with connection.cursor() as cursor:
            assert _sequential_scans(cursor) == "on"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_a_word_is_read_through_the_index_in_one_statement():
    from django.test.utils import CaptureQueriesContext

    posts = [make_post("en", f"Lawyer summoned {number}") for number in range(3)]
    backend = backend_for(connection)
    expression = backend.part(parse("lawyer").required[0])
    with CaptureQueriesContext(connection) as captured:
        assert backend.matching(connection, expression) == sum(1 << post.pk for post in posts)
    assert len(captured) == 1
    # The function it runs in plans with sequential scans off, whatever the session says.
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = %s", [MATCHING_FUNCTION])
        assert cursor.fetchone()[0] == ["enable_seqscan=off"]
        assert _sequential_scans(cursor) == "on"


@pytest.mark.django_db
def test_one_statement_gives_the_newest_change_and_the_documents_changed_since_a_known_one():
    from django.test.utils import CaptureQueriesContext

    from bayan.search.change_log import changes_since, latest_change

    make_post("en", "Lawyer summoned")
    since = latest_change(connection)
    assert changes_since(connection, since, 100) == (since, [])
    released, freed = make_post("en", "Lawyer released"), make_post("en", "Doctor freed")
    with CaptureQueriesContext(connection) as captured:
        head, changed = changes_since(connection, since, 100)
    assert len(captured) == 1
    assert head == latest_change(connection) and changed == sorted({released.pk, freed.pk})
    # More changes since than asked to follow, a change no longer logged, one logged under another token.
    assert changes_since(connection, since, 1) == (head, None)
    assert changes_since(connection, (since[0], "another token"), 100) == (head, None)
    SearchChange.objects.filter(id__lte=since[0]).delete()
    assert changes_since(connection, since, 100) == (head, None)
    SearchChange.objects.all().delete()
    assert changes_since(connection, since, 100) == ((0, ""), None)
