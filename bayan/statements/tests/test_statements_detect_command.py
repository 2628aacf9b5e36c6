"""`bayan statements-detect`: proposals stored for imported posts, never a statement, idempotent."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import DetectedSignatory, ProposalState, Signatory, Statement
from bayan.statements.tests.factories import make_organisation, make_statement
from bayan.wxr.models import ImportedItem

pytestmark = pytest.mark.django_db

LIST = ("<p>The undersigned organisations:</p><ul><li>Levant Press Freedom Observatory</li>"
        "<li>Atlas Legal Aid Centre</li><li>Sahel Writers Collective</li></ul>")


def imported_post(body):
    post = make_post(body=body)
    ImportedItem.objects.create(source="export.xml", kind="post", wp_id=str(post.pk), target_id=post.pk)
    return post


def detect(*args):
    out = StringIO()
    call_command("statements_detect", *args, stdout=out)
    return out.getvalue()


def test_imported_posts_get_proposals_matched_to_organisations_and_nothing_published():
    observatory = make_organisation("Levant Press Freedom Observatory")
    post = imported_post(LIST)
    imported_post("<p>No list here.</p>")
    make_post(body=LIST)  # written in Bayan, not imported: left alone without --all
    summary = detect()
    proposals = list(DetectedSignatory.objects.filter(post=post).order_by("position"))
    assert [item.name for item in proposals] == [
        "Levant Press Freedom Observatory", "Atlas Legal Aid Centre", "Sahel Writers Collective"]
    assert [item.organisation for item in proposals] == [observatory, None, None]
    assert {item.state for item in proposals} == {ProposalState.PROPOSED}
    assert "Read 2 posts: 1 end with a list of signatories, 3 names proposed, 1 of them matched" in summary
    assert not Statement.objects.exists() and not Signatory.objects.exists()


def test_a_second_run_and_a_rejected_list_change_nothing():
    post = imported_post(LIST)
    detect()
    DetectedSignatory.objects.filter(post=post).update(state=ProposalState.REJECTED)
    assert "Read 0 posts" in detect()
    assert DetectedSignatory.objects.filter(post=post, state=ProposalState.REJECTED).count() == 3


def test_all_and_one_post_and_statements_skipped():
    written_here = make_post(body=LIST)
    already = make_post(body=LIST)
    make_statement(already)
    assert "Read 1 posts" in detect("--post", str(written_here.pk))
    assert "Read 0 posts" in detect("--all")
    assert not DetectedSignatory.objects.filter(post=already).exists()


def test_an_unknown_post_is_a_clear_error():
    with pytest.raises(CommandError, match="no post with the id 999999"):
        detect("--post", "999999")
