"""An index written by an earlier analysis is seen to be stale, and rebuilt by search-rebuild or when migrate ends."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from bayan.newsroom.tests.factories import make_post
from bayan.search import state
from bayan.search.analysis import ANALYSIS_VERSION
from bayan.search.models import SearchDocument, SearchEquivalent, SearchPostings
from bayan.search.searching import search

pytestmark = pytest.mark.django_db


def as_written_by_an_earlier_analysis(post):
    """The post's document as analysis 1 wrote it: جمعية cut to جمع, and no version recorded."""
    SearchDocument.objects.filter(pk=post.pk).update(analysis=None, title_terms="حل جمع حقوق", form_terms="",
                                                      close_terms="")


def titles(query):
    return [hit.title for hit in search(query).hits]


def test_every_document_records_the_analysis_that_wrote_it():
    post = make_post("en", "Lawyer summoned")
    assert SearchDocument.objects.get(pk=post.pk).analysis == ANALYSIS_VERSION
    assert not state.stale_documents().exists()
    assert state.check_analysis(databases=["default"]) == []


def test_a_stale_index_is_reported_until_search_rebuild_rebuilds_it(capsys):
    post = make_post("ar", "حل جمعية حقوقية")
    as_written_by_an_earlier_analysis(post)
    assert titles("جمعية") == []
    warnings = state.check_analysis(databases=["default"])
    assert [warning.id for warning in warnings] == ["bayan_search.W001"]
    assert "search-rebuild" in warnings[0].hint
    call_command("search_rebuild")
    assert "Indexed 1 posts" in capsys.readouterr().out
    assert not state.stale_documents().exists()
    assert state.check_analysis(databases=["default"]) == []
    assert titles("جمعية") == ["حل جمعية حقوقية"]


def test_the_check_looks_only_at_the_site_database():
    as_written_by_an_earlier_analysis(make_post("ar", "حل جمعية حقوقية"))
    assert state.check_analysis(databases=None) == []


def test_migrate_rebuilds_a_small_stale_index_when_it_ends():
    post = make_post("ar", "حل جمعية حقوقية")
    as_written_by_an_earlier_analysis(post)
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert "Rebuilding the search index" in out.getvalue()
    assert not state.stale_documents().exists()
    assert titles("جمعية") == ["حل جمعية حقوقية"]
    # Nothing left to do the next time.
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert out.getvalue() == ""


def test_migrate_names_the_command_for_a_large_stale_index(monkeypatch):
    monkeypatch.setattr(state, "AUTOMATIC_REBUILD_LIMIT", 0)
    as_written_by_an_earlier_analysis(make_post("ar", "حل جمعية حقوقية"))
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert "1 documents written by an earlier analysis" in out.getvalue()
    assert "bayan search-rebuild" in out.getvalue()
    assert state.stale_documents().count() == 1


def test_migrate_keeps_the_common_terms_of_an_index_written_before_their_sets_were_kept(settings):
    settings.BAYAN_SEARCH_POSTINGS_FROM = 2
    make_post("en", "Lawyer detained")
    make_post("en", "Lawyer released")
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert "Kept the sets of" in out.getvalue()
    assert SearchPostings.objects.filter(term="lawyer", in_titles=False).exists()
    # Kept now: nothing to do the next time.
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert out.getvalue() == ""


def test_migrate_names_the_command_for_the_common_terms_of_a_large_index(settings, monkeypatch):
    settings.BAYAN_SEARCH_POSTINGS_FROM = 1
    monkeypatch.setattr(state, "AUTOMATIC_REBUILD_LIMIT", 0)
    make_post("en", "Lawyer detained")
    out = StringIO()
    state.after_migrate(apps=apps, stdout=out)
    assert "bayan search-postings --build" in out.getvalue()
    assert not SearchPostings.objects.exists()


def test_migrating_back_before_versions_were_recorded_asks_nothing_of_the_index(django_assert_num_queries):
    earlier = MigrationLoader(connection).project_state(("bayan_search", "0004_title_index_and_change_log")).apps
    with django_assert_num_queries(0):
        state.after_migrate(apps=earlier, stdout=StringIO())


def test_a_rebuild_brings_the_editors_equivalents_stems_up_to_date():
    group = SearchEquivalent.objects.create(label="Associations", words="جمعية\nرابطة")
    SearchEquivalent.objects.filter(pk=group.pk).update(stems=" جمع رابط ")
    state.rebuild()
    group.refresh_from_db()
    assert group.stems == " جمعي رابط "
