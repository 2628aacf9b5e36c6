"""Persons of concern whose free-text affiliation names an organisation, proposed for an editor to confirm.

A case record says where a person works or belongs in words ("Levant Press Freedom
Observatory", «مرصد المشرق لحرية الصحافة»). When that text is the same name or a close
spelling of an organisation's (``matching``), an ``AffiliationMatch`` is proposed. Saving a
person compares only that person's affiliation, saving an organisation only that
organisation; ``propose_all`` does everyone (``bayan statements-detect --affiliations``).
An editor's decision (accepted or rejected) is never changed.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from bayan.cases.models import Person
from bayan.statements.matching import CLOSE, SAME, matches
from bayan.statements.models import AffiliationMatch, Organisation, ProposalState

PROPOSABLE = (SAME, CLOSE)
CONFIRMED, REFUSED = "statements.affiliation_confirmed", "statements.affiliation_refused"


def register_log_actions(actions):
    """Editors' decisions on proposed affiliations as lines of the audit log."""
    actions.register_action(CONFIRMED, gettext_lazy("Affiliation confirmed"),
                            gettext_lazy("Confirmed that a person belongs to an organisation"))
    actions.register_action(REFUSED, gettext_lazy("Affiliation refused"),
                            gettext_lazy("Refused a proposed affiliation to an organisation"))


@transaction.atomic
def decide(proposals, accept, user=None):
    """``proposals`` (still proposed) accepted or rejected, each logged on its person; how many were decided.

    An accepted affiliation is shown on the organisation's page (public persons only).
    """
    state, action = (ProposalState.ACCEPTED, CONFIRMED) if accept else (ProposalState.REJECTED, REFUSED)
    decided = list(proposals.filter(state=ProposalState.PROPOSED).select_related("person", "organisation")
                   .select_for_update(of=("self",)))
    for proposal in decided:
        proposal.state = state
        log(proposal.person, action, user=user, data={
            "organisation": proposal.organisation_id, "name": str(proposal.organisation),
            "affiliation": proposal.person.affiliation, "decided_at": timezone.now().isoformat()})
    AffiliationMatch.objects.bulk_update(decided, ["state"])
    return len(decided)


def _propose(person, organisations):
    """Match rows created for ``person`` among ``organisations`` (already proposed or decided ones kept)."""
    created = 0
    for match in matches(person.affiliation, organisations):
        if match.grade in PROPOSABLE:
            created += AffiliationMatch.objects.get_or_create(person=person, organisation=match.organisation)[1]
    return created


def _organisations():
    return list(Organisation.objects.only("pk", "name_en", "name_ar", "match_terms"))


def _persons_with_affiliation():
    return Person.objects.exclude(affiliation="").only("pk", "affiliation")


def propose_for_person(person):
    """Propose the organisations ``person``'s affiliation names; the number of new proposals."""
    return _propose(person, _organisations()) if person.affiliation.strip() else 0


def propose_for_organisation(organisation):
    """Propose ``organisation`` for every person whose affiliation names it; the number of new proposals."""
    return sum(_propose(person, [organisation]) for person in _persons_with_affiliation())


def propose_all():
    """Propose matches for every person with an affiliation; the number of new proposals."""
    organisations = _organisations()
    return sum(_propose(person, organisations) for person in _persons_with_affiliation().iterator())


def _person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        propose_for_person(instance)


def _organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        propose_for_organisation(instance)


def connect_affiliation_matching():
    """Propose matches whenever a person or an organisation is saved."""
    post_save.connect(_person_saved, sender=Person, dispatch_uid="statements-affiliation-person")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="statements-affiliation-organisation")
