"""Changing a statement's list of signatories: add, remove, reorder, and freeze it at publication.

Every change is written twice: in the audit log, on the statement (a ``ModelLogEntry``), and in
the history of each of the statement's posts (a ``PageLogEntry``), so an editor reading a post's
history sees that its list changed, and when. Once the list is frozen (the statement's first post
published with ``freeze_at_publication``), a new signatory is marked ``after_publication`` and
dated the day it was added; readers see it apart.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from bayan.newsroom.models import PostPage

from .models import Signatory, Statement

ADDED, REMOVED, MOVED, FROZEN = ("statements.signatory_added", "statements.signatory_removed",
                                 "statements.signatory_moved", "statements.list_frozen")


def register_log_actions(actions):
    """The list's changes as lines of the audit log and of a post's history."""
    actions.register_action(ADDED, gettext_lazy("Signatory added"), gettext_lazy("Added a signatory"))
    actions.register_action(REMOVED, gettext_lazy("Signatory removed"), gettext_lazy("Removed a signatory"))
    actions.register_action(MOVED, gettext_lazy("Signatory moved"), gettext_lazy("Moved a signatory in the list"))
    actions.register_action(FROZEN, gettext_lazy("Signatory list frozen"),
                            gettext_lazy("Froze the signatory list at publication"))


def record(statement, action, user=None, **data):
    """``action`` in the audit log on the statement and in the history of each of its posts."""
    data["statement"] = statement.pk
    log(statement, action, user=user, data=data)
    for post in statement.posts():
        log(post, action, user=user, data=data)


def _describe(signatory):
    return {"signatory": signatory.pk, "name": str(signatory), "signed_on": signatory.signed_on.isoformat(),
            "after_publication": signatory.after_publication}


def _new_signatory(statement, **fields):
    """A signatory at the end of its part of the list; late and dated today once the list is frozen."""
    late = statement.is_frozen()
    last = statement.signatories.filter(after_publication=late).aggregate(Max("sort_order"))["sort_order__max"]
    return Signatory(statement=statement, sort_order=0 if last is None else last + 1,
                     after_publication=late, signed_on=timezone.localdate(), **fields)


def add_organisation(statement, organisation, user=None, submission=None):
    """``organisation`` added to the list; None when it already signed (it is never listed twice)."""
    signatory = _new_signatory(statement, organisation=organisation, submission=submission)
    try:
        with transaction.atomic():
            signatory.save()
    except IntegrityError:
        return None
    record(statement, ADDED, user, **_describe(signatory))
    return signatory


def add_individual(statement, name, title="", user=None, submission=None):
    """A person signing in their own name, with their title, added to the list."""
    signatory = _new_signatory(statement, individual_name=name.strip(), individual_title=title.strip(),
                               submission=submission)
    signatory.save()
    record(statement, ADDED, user, **_describe(signatory))
    return signatory


def remove(signatory, user=None):
    """``signatory`` taken off the list, with a dated record of who it was."""
    statement, described = signatory.statement, _describe(signatory)
    signatory.delete()
    record(statement, REMOVED, user, removed_at=timezone.now().isoformat(), **described)


def move(signatory, steps, user=None):
    """``signatory`` moved ``steps`` places (negative: up) within its part of the list."""
    part = list(signatory.statement.signatories.filter(after_publication=signatory.after_publication))
    place = next(index for index, other in enumerate(part) if other.pk == signatory.pk)
    target = min(max(place + steps, 0), len(part) - 1)
    if target == place:
        return
    part.insert(target, part.pop(place))
    for order, other in enumerate(part):
        other.sort_order = order
    Signatory.objects.bulk_update(part, ["sort_order"])
    record(signatory.statement, MOVED, user, **_describe(signatory), place=target + 1)


def freeze(statement, when=None):
    """The list frozen (once): what is added from now on is shown as signed after publication."""
    if statement.frozen_at is not None or not statement.freeze_at_publication:
        return False
    statement.frozen_at = when or timezone.now()
    statement.save(update_fields=["frozen_at", "updated_at"])
    record(statement, FROZEN, frozen_at=statement.frozen_at.isoformat())
    return True


def _freeze_when_published(sender, instance, **kwargs):
    statement = Statement.of_post(instance)
    if statement is not None:
        freeze(statement, instance.first_published_at)


def connect_freezing():
    """Freeze a statement's list when one of its posts is published (by an editor or the scheduler)."""
    from wagtail.signals import page_published

    page_published.connect(_freeze_when_published, sender=PostPage, dispatch_uid="statements-freeze")
