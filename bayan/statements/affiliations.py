"""Persons of concern whose free-text affiliation names an organisation, proposed for an editor to confirm.

A case record says where a person works or belongs in words ("Levant Press Freedom
Observatory", «مرصد المشرق لحرية الصحافة»). When that text is the same name or a close
spelling of an organisation's (``matching``), an ``AffiliationMatch`` is proposed. Saving a
person compares only that person's affiliation, saving an organisation only that
organisation; ``propose_all`` does everyone (``bayan statements-detect --affiliations``).
An editor's decision (accepted or rejected) is never changed.
"""

from django.db.models.signals import post_save

from bayan.cases.models import Person
from bayan.statements.matching import CLOSE, SAME, matches
from bayan.statements.models import AffiliationMatch, Organisation

PROPOSABLE = (SAME, CLOSE)


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
