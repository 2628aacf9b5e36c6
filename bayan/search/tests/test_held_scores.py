"""Ranking scores held between searches: a document's score is read again only after that document changed.

PostgreSQL's ``ts_rank`` weighs a document by its own terms, so its scores are held in the process's
sets and carried over a change less the changed documents. SQLite's BM25 weighs each document by the
whole index's counts, which any change moves: it holds nothing, and is checked to rank the same.
"""

import pytest
from django.db import connection

from bayan.newsroom.tests.factories import make_post
from bayan.search import matchsets
from bayan.search.backends import backend_for
from bayan.search.query import parse
from bayan.search.searching import search

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="only ts_rank's scores are held")


def current_sets():
    return matchsets.for_search(backend_for(connection), connection)


def titles(results):
    return [hit.title for hit in results.hits]


class Reads:
    """A ranking's reader of scores (as ``PostgresBackend`` hands to ``DocumentSets.scores``) that says what it
    was asked: each document's score is its id divided by ten; ``gone`` are documents no longer indexed."""

    def __init__(self, gone=()):
        self.asked = []
        self.gone = set(gone)

    def __call__(self, ids):
        self.asked.append(list(ids))
        return [(page_id, page_id / 10) for page_id in ids if page_id not in self.gone]


def new_sets(memory_budget=None):
    return matchsets.DocumentSets(backend_for(connection), connection, memory_budget=memory_budget)


def test_only_documents_not_held_are_read():
    sets, read = new_sets(), Reads()
    assert sets.scores("ranking", [1, 2, 3], read) == {1: 0.1, 2: 0.2, 3: 0.3}
    assert sets.scores("ranking", [2, 3, 4], read) == {2: 0.2, 3: 0.3, 4: 0.4}
    assert sets.scores("another ranking", [2], read) == {2: 0.2}
    assert read.asked == [[1, 2, 3], [4], [2]]


def test_a_change_lets_go_of_the_changed_documents_scores_only():
    sets, read = new_sets(), Reads()
    sets.scores("ranking", [1, 2, 3], read)
    following = sets.following([2], head=(1, "token"))
    assert following.scores("ranking", [1, 2, 3], read) == {1: 0.1, 2: 0.2, 3: 0.3}
    assert read.asked[-1] == [2]
    # The sets a search may still be using keep what they held.
    assert sets.scores("ranking", [1, 2, 3], read) and read.asked[-1] == [2]


def test_a_document_gone_from_the_index_has_no_score_and_is_read_again_when_asked():
    sets, read = new_sets(), Reads(gone={3})
    assert sets.scores("ranking", [1, 3], read) == {1: 0.1}
    assert sets.scores("ranking", [1, 3], read) == {1: 0.1}
    assert read.asked == [[1, 3], [3]]


def test_scores_count_toward_the_memory_budget_and_go_before_words_sets():
    make_post("en", "Lawyer case")
    sets = new_sets()
    sets.query(parse("lawyer"))
    words = sets.kept_bytes()
    sets.scores("ranking", list(range(50)), Reads())
    assert sets.kept_bytes() == words + 50 * matchsets.SCORE_BYTES
    sets.memory_budget = words + 10 * matchsets.SCORE_BYTES
    sets.scores("another ranking", list(range(20)), Reads())
    assert not sets._scores and sets._words and sets.kept_bytes() == words


def test_only_the_most_recently_asked_rankings_are_held(monkeypatch):
    monkeypatch.setattr(matchsets, "RANKINGS_HELD", 2)
    sets, read = new_sets(), Reads()
    for ranking in ("first", "second", "third"):
        sets.scores(ranking, [1], read)
    assert list(sets._scores) == ["second", "third"]
    assert sets.kept_bytes() == 2 * matchsets.SCORE_BYTES


def test_a_ranking_holds_at_most_twice_its_pool_letting_go_of_what_left_it():
    sets, read = new_sets(), Reads()
    sets.scores("ranking", [1, 2, 3], read)
    sets.scores("ranking", [4, 5, 6], read)
    assert set(sets._scores["ranking"]) == {1, 2, 3, 4, 5, 6}
    sets.scores("ranking", [6, 7, 8], read)
    assert set(sets._scores["ranking"]) == {6, 7, 8}
    assert sets.kept_bytes() == 3 * matchsets.SCORE_BYTES


def test_results_after_an_edit_rank_as_a_fresh_ranking_would():
    reports = [make_post("en", f"Report {number}", body=f"<p>{'torture ' * (number + 1)}evidence.</p>")
               for number in range(4)]
    assert titles(search("torture"))[0] == "Report 3"
    # The least relevant report now says it most: it must come first, not where its held score put it.
    reports[0].body = f"<p>{'torture ' * 20}evidence.</p>"
    reports[0].save_revision().publish()
    after_edit = titles(search("torture"))
    assert after_edit[0] == "Report 0"
    matchsets._sets.clear()
    assert titles(search("torture")) == after_edit


@on_postgresql
def test_postgresql_reads_again_only_the_score_of_the_edited_post():
    reports = [make_post("en", f"Report {number}", body=f"<p>{'torture ' * (number + 1)}evidence.</p>")
               for number in range(4)]
    search("torture")
    held = [dict(scores) for scores in current_sets()._scores.values()]
    assert held and all(set(scores) == {post.pk for post in reports} for scores in held)
    reports[0].body = f"<p>{'torture ' * 20}evidence.</p>"
    reports[0].save_revision().publish()
    carried = [dict(scores) for scores in current_sets()._scores.values()]
    assert all(set(scores) == {post.pk for post in reports[1:]} for scores in carried)
    search("torture")
    scores = next(iter(current_sets()._scores.values()))
    assert scores[reports[0].pk] > max(scores[post.pk] for post in reports[1:])
