"""The kept sets of common terms: a word read through them finds exactly what the index finds, after any change."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.newsroom.tests.factories import make_post
from bayan.search import change_log, matchsets, postings
from bayan.search.backends import backend_for
from bayan.search.models import SearchChange, SearchPostings
from bayan.search.query import parse, title_terms
from bayan.search.searching import search

WORDS = ["lawyer", "detained", "journalists", "homs", "released", "court", "اعتقال", "الصحفيين"]


def backend():
    return backend_for(connection)


def current_sets():
    return matchsets.for_search(backend(), connection)


def newsroom():
    make_post("en", "Lawyer summoned in Homs", body="<p>The court detained the lawyer.</p>")
    make_post("en", "Journalists released", body="<p>Two journalists were released after a court hearing.</p>")
    make_post("en", "Lawyers detained", body="<p>Lawyers were detained in Homs.</p>")
    make_post("ar", "اعتقال الصحفيين", body="<p>اعتقال الصحفيين في حمص.</p>")
    return make_post("ar", "الإفراج عن الصحفيين", body="<p>أفرج عن الصحفيين بعد اعتقال دام عاما.</p>")


def kept_terms(in_titles):
    return set(SearchPostings.objects.filter(in_titles=in_titles).values_list("term", flat=True))


def assert_kept_sets_answer_as_the_index(expect_covered=True):
    sets = current_sets()
    for word in WORDS:
        part = parse(word + " ").required[0]
        assert sets._read_word(part) == backend().matching(connection, backend().part(part)), word
        assert sets._title_part(part) == backend().matching(connection, f"({backend().title_part(part)})", True)
        _found, covered = postings.kept(connection, backend(), part.terms, sets.head)
        _found, in_titles = postings.kept(connection, backend(), title_terms(part), sets.head, titles=True)
        if expect_covered:
            assert covered == part.terms & kept_terms(False), word
            assert in_titles == set(title_terms(part)) & kept_terms(True), word
    for words in ("lawyer detained", "journalists court", "الصحفيين اعتقال"):
        query = parse(words + " ")
        sets = current_sets()
        sets.drop_word_sets()
        assert sets.in_titles(query) == backend().matching(connection, backend().title_expression(query), True)


@pytest.mark.django_db
def test_a_word_read_through_the_kept_sets_finds_what_the_index_finds():
    newsroom()
    assert postings.build(connection, backend(), least=1) > 0
    assert {"lawyer", "court"} <= kept_terms(False) and "court" not in kept_terms(True)
    assert {"lawyer", "journalist"} <= kept_terms(True)
    assert_kept_sets_answer_as_the_index()


@pytest.mark.django_db
def test_kept_sets_follow_every_change_logged_after_them():
    last = newsroom()
    postings.build(connection, backend(), least=1)
    first = make_post("en", "Court hears lawyer", body="<p>A court in Homs heard the detained lawyer.</p>")
    assert_kept_sets_answer_as_the_index()
    first.title = "Hearing postponed"
    first.body = "<p>Nothing about that.</p>"
    first.save_revision().publish()
    assert_kept_sets_answer_as_the_index()
    last.unpublish()
    assert_kept_sets_answer_as_the_index()
    first.delete()
    assert_kept_sets_answer_as_the_index()
    assert [hit.title for hit in search("postponed").hits] == []
    assert "Journalists released" in [hit.title for hit in search("journalists").hits]


@pytest.mark.django_db
def test_rows_the_log_cannot_account_for_are_left_to_the_index(monkeypatch):
    newsroom()
    postings.build(connection, backend(), least=1)
    monkeypatch.setattr(postings, "MOST_PATCHED", 1)
    make_post("en", "Lawyer freed")
    make_post("en", "Another lawyer freed")
    part = parse("lawyer ").required[0]
    _found, covered = postings.kept(connection, backend(), part.terms, current_sets().head)
    assert covered == frozenset()
    assert_kept_sets_answer_as_the_index(expect_covered=False)


@pytest.mark.django_db
def test_rows_whose_change_left_the_log_are_left_to_the_index():
    newsroom()
    postings.build(connection, backend(), least=1)
    make_post("en", "Lawyer freed")
    SearchChange.objects.filter(id__lte=SearchPostings.objects.values_list("change_id", flat=True)[0]).delete()
    part = parse("lawyer ").required[0]
    assert postings.kept(connection, backend(), part.terms, current_sets().head)[1] == frozenset()
    assert_kept_sets_answer_as_the_index(expect_covered=False)


@pytest.mark.django_db
def test_the_scheduled_refresh_brings_rows_to_the_newest_change(monkeypatch):
    newsroom()
    postings.build(connection, backend(), least=1)
    make_post("en", "Court frees lawyer", body="<p>Released.</p>")
    SearchChange.objects.filter(id=SearchPostings.objects.values_list("change_id", flat=True)[0]).update(
        token="another")  # one group of rows the log cannot account for: read from the index again
    SearchPostings.objects.filter(term="court").update(change_id=SearchChange.objects.order_by("-id")[1].id,
                                                        change_token=SearchChange.objects.order_by("-id")[1].token)
    call_command("search_postings", stdout=io.StringIO())
    head = change_log.latest_change(connection)
    for row in SearchPostings.objects.all():
        assert (row.change_id, row.change_token) == head
        expression = backend().title_term(row.term) if row.in_titles else backend().term(row.term)
        assert int.from_bytes(bytes(row.bits), "little") == backend().matching(connection, expression, row.in_titles)
    assert postings.refresh(connection, backend()) == 0


@pytest.mark.django_db
def test_the_refresh_does_a_bounded_number_of_rows_per_run():
    newsroom()
    postings.build(connection, backend(), least=1)
    make_post("en", "Court frees lawyer")
    rows = SearchPostings.objects.count()
    assert postings.refresh(connection, backend(), most=2) == 2
    assert postings.refresh(connection, backend(), most=rows) == rows - 2


@pytest.mark.django_db
def test_the_rebuild_keeps_the_terms_enough_posts_hold(settings):
    settings.BAYAN_SEARCH_POSTINGS_FROM = 2
    newsroom()
    call_command("search_rebuild", stdout=io.StringIO())
    kept = kept_terms(False)
    assert {"lawyer", "court"} <= kept and {"lawyer"} <= kept_terms(True)
    assert not any(term.startswith("summon") for term in kept | kept_terms(True))
    assert_kept_sets_answer_as_the_index()


@pytest.mark.django_db
def test_the_command_builds_and_says_what_it_kept():
    newsroom()
    out = io.StringIO()
    call_command("search_postings", "--build", "--from", "2", stdout=out)
    count = SearchPostings.objects.count()
    assert count and f"Kept the sets of {count:,} terms held by at least 2 posts" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("arguments", "message"), [
    (["--from", "3"], "--from only applies with --build"),
    (["--build", "--from", "0"], "--from must be at least 1 post, not 0"),
])
def test_the_command_names_a_wrong_option(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("search_postings", *arguments, stdout=io.StringIO())


@pytest.mark.django_db
def test_a_build_is_needed_only_when_no_kept_row_can_be_corrected(monkeypatch):
    newsroom()
    assert postings.beyond_correction(connection)
    postings.build(connection, backend(), least=1)
    assert not postings.beyond_correction(connection)
    make_post("en", "Lawyer freed")
    assert not postings.beyond_correction(connection)
    monkeypatch.setattr(postings, "MOST_PATCHED", 1)
    make_post("en", "Another lawyer freed")
    assert postings.beyond_correction(connection)


@pytest.mark.django_db
def test_sets_following_a_change_know_what_changed_since_the_kept_sets_without_asking_the_log_again():
    newsroom()
    postings.build(connection, backend(), least=1)
    court = parse("court ").required[0]
    sets = current_sets()
    assert sets._read_word(court) == backend().matching(connection, backend().part(court))
    edited = make_post("en", "Court hearing adjourned", body="<p>The court adjourned.</p>")
    following = current_sets()
    assert following is not sets and following._changes
    with CaptureQueriesContext(connection) as captured:
        assert following._read_word(court) == backend().matching(connection, backend().part(court))
    assert not [query for query in captured if "searchchange" in query["sql"]]
    assert all(edited.pk in changed for changed in following._changes.values() if changed is not None)
