"""A statement's list frozen at publication: late signatures dated and apart; removals kept on record twice."""

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

from bayan.newsroom.tests.factories import make_post
from bayan.statements import signatories
from bayan.statements.models import Statement
from bayan.statements.tests.factories import make_organisation, make_statement

pytestmark = pytest.mark.django_db


def draft_statement(*organisations, **fields):
    post = make_post(live=False)
    return post, make_statement(post, *organisations, **fields)


def test_publishing_the_post_freezes_the_list():
    post, statement = draft_statement(make_organisation())
    post.save_revision().publish()
    statement.refresh_from_db()
    assert statement.is_frozen()
    assert ModelLogEntry.objects.filter(action=signatories.FROZEN, object_id=str(statement.pk)).exists()


def test_a_statement_that_does_not_freeze_stays_open():
    post, statement = draft_statement(freeze_at_publication=False)
    post.save_revision().publish()
    statement.refresh_from_db()
    assert not statement.is_frozen()
    assert not signatories.add_organisation(statement, make_organisation()).after_publication


def test_signatures_added_after_publication_are_dated_and_apart():
    first = make_organisation()
    post, statement = draft_statement(first)
    post.save_revision().publish()
    statement = Statement.objects.get(pk=statement.pk)
    late = signatories.add_organisation(statement, make_organisation())
    assert late.after_publication and late.sort_order == 0
    assert not statement.signatories.get(organisation=first).after_publication


def test_an_organisation_is_never_listed_twice():
    organisation = make_organisation()
    statement = make_statement(None, organisation)
    assert signatories.add_organisation(statement, organisation) is None
    assert statement.signatories.count() == 1


def test_removal_after_publication_is_in_the_audit_log_and_in_each_posts_history(django_user_model):
    editor = django_user_model.objects.create_user("remover")
    post, statement = draft_statement(make_organisation(name_en="Gone Away Association"))
    post.save_revision().publish()
    statement.refresh_from_db()
    signatories.remove(statement.signatories.get(), editor)
    on_statement = ModelLogEntry.objects.get(action=signatories.REMOVED, object_id=str(statement.pk))
    on_post = PageLogEntry.objects.get(action=signatories.REMOVED, page=post)
    for entry in (on_statement, on_post):
        assert entry.data["name"] == "Gone Away Association"
        assert entry.user == editor and entry.data["removed_at"]


def test_moving_reorders_within_the_part_and_is_logged():
    a, b, c = make_organisation(), make_organisation(), make_organisation()
    statement = make_statement(None, a, b, c)
    signatories.move(statement.signatories.get(organisation=c), -2)
    assert [s.organisation for s in statement.signatories.all()] == [c, a, b]
    assert ModelLogEntry.objects.filter(action=signatories.MOVED).count() == 1
    signatories.move(statement.signatories.get(organisation=c), -1)
    assert ModelLogEntry.objects.filter(action=signatories.MOVED).count() == 1


def test_an_individual_signs_with_a_title():
    statement = make_statement(None, allows_individuals=True)
    signatory = signatories.add_individual(statement, " Rana Fictional ", "journalist")
    assert (signatory.individual_name, signatory.individual_title) == ("Rana Fictional", "journalist")
