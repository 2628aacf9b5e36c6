"""Editors' decisions on the signatory lists ``bayan statements-detect`` found in imported posts.

A detected list is a post's ``DetectedSignatory`` rows still ``proposed``. An editor accepts it
(with, for each name, the organisation it is, a new organisation of that name, or nothing: the
name is left out) or rejects it whole. Accepting makes the post a joint statement (or adds to the
one it already is) through ``signatories``, so every addition is logged and dated; a post that is
published has its list frozen at its first publication, since the list was part of the text
readers saw then. Nothing is applied without an editor, and a decided row is never decided again.
"""

from collections import OrderedDict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from bayan.newsroom.models import PostPage

from . import signatories
from .matching import SAME, matches
from .models import DetectedSignatory, Organisation, ProposalState, Statement
from .moderation import organisation_named

ACCEPTED, REJECTED = "statements.detected_accepted", "statements.detected_rejected"
# What an editor can choose for one name besides an organisation's id.
NEW, LEAVE_OUT = "new", "leave-out"


def register_log_actions(actions):
    """Decisions on detected lists as lines of the audit log and of the post's history."""
    actions.register_action(ACCEPTED, gettext_lazy("Detected signatories accepted"),
                            gettext_lazy("Accepted the signatories detected in the post"))
    actions.register_action(REJECTED, gettext_lazy("Detected signatories rejected"),
                            gettext_lazy("Rejected the signatories detected in the post"))


@dataclass(frozen=True)
class Accepted:
    """What accepting a list did: the statement, how many were added, made new, left out, already listed."""

    statement: Statement
    added: int
    created: int
    left_out: int
    already_listed: int


def propose(post, names):
    """The names ``detection.detect`` found in ``post`` stored as its list waiting for an editor."""
    DetectedSignatory.objects.bulk_create(
        DetectedSignatory(post=post, position=name.position, name=name.name[:300], organisation=name.proposed)
        for name in names)


def proposed_rows(post_ids=None):
    """Rows still waiting for a decision, in post and list order (of ``post_ids`` when given)."""
    rows = DetectedSignatory.objects.filter(state=ProposalState.PROPOSED)
    if post_ids is not None:
        rows = rows.filter(post_id__in=post_ids)
    return rows.order_by("post_id", "position")


def waiting_posts():
    """Ids of the posts with a list waiting for a decision, oldest post first."""
    return list(proposed_rows().values_list("post_id", flat=True).distinct().order_by("post_id"))


def lists_of(post_ids):
    """``{post: [row, ...]}`` of the waiting rows of ``post_ids``, with their proposed organisations."""
    posts = PostPage.objects.in_bulk(post_ids)
    found = OrderedDict()
    for row in proposed_rows(post_ids).select_related("organisation"):
        found.setdefault(posts[row.post_id], []).append(row)
    return found


def _organisation_for(row, choice, organisations):
    """The organisation ``choice`` means for ``row`` (None to leave it out), and whether it was made now."""
    if choice == LEAVE_OUT:
        return None, False
    if isinstance(choice, Organisation):
        return choice, False
    if choice is None and row.organisation_id is not None:
        return row.organisation, False
    # A new organisation, unless one of that very name exists by now (made for an earlier list, say).
    same = [match.organisation for match in matches(row.name, organisations) if match.grade == SAME]
    if same:
        return same[0], False
    made = organisation_named(row.name)
    organisations.append(made)
    return made, True


@transaction.atomic
def accept(post, user=None, choices=None, organisations=None):
    """The post's waiting list made its statement's signatories, name by name as ``choices`` say.

    ``choices`` maps a row's id to an ``Organisation``, ``NEW`` or ``LEAVE_OUT``; a row not in it
    keeps its proposed organisation, or becomes one of its name. ``organisations`` (matched against
    for new names) is shared across calls by a bulk decision so that a name is made only once.
    """
    choices = choices or {}
    if organisations is None:
        organisations = list(Organisation.objects.only("pk", "name_en", "name_ar", "match_terms"))
    rows = list(proposed_rows([post.pk]).select_for_update(of=("self",)).select_related("organisation"))
    statement = Statement.of_post(post) or Statement.objects.create(translation_key=post.translation_key)
    added = created = left_out = already = 0
    for row in rows:
        organisation, made = _organisation_for(row, choices.get(row.pk), organisations)
        created += made
        if organisation is None:
            row.state = ProposalState.REJECTED
            left_out += 1
        else:
            row.state, row.organisation = ProposalState.ACCEPTED, organisation
            if signatories.add_organisation(statement, organisation, user) is None:
                already += 1
            else:
                added += 1
    DetectedSignatory.objects.bulk_update(rows, ["state", "organisation"])
    log(post, ACCEPTED, user=user, data={"statement": statement.pk, "added": added, "created": created,
                                         "left_out": left_out})
    if post.live and post.first_published_at:
        signatories.freeze(statement, post.first_published_at)
    return Accepted(statement, added, created, left_out, already)


@transaction.atomic
def reject(post, user=None):
    """The post's waiting list rejected whole; the number of names rejected."""
    count = proposed_rows([post.pk]).update(state=ProposalState.REJECTED)
    if count:
        log(post, REJECTED, user=user, data={"names": count})
    return count
