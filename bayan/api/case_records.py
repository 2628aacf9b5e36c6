"""Persons of concern, their events, and the anniversaries to come."""

from typing import Literal

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from bayan.cases import anniversaries as coming
from bayan.cases.models import Event

from . import schemas
from .news import Listing
from .paging import page_of
from .parameters import declared_only
from .public import public
from .serialize import event_data, person_data
from .urls_of import next_address

router = Router(tags=["case records"])


class PersonFilters(Listing):
    status: str | None = Field(None, description="Only persons of this derived status (detained, missing, ...).")


class EventFilters(Listing):
    person: schemas.Id | None = Field(None, description="Only events that involve this person (id).")


class AnniversaryQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    language: Literal[tuple(code for code, _name in settings.LANGUAGES)] = Field(
        "en", description="The language whose name order sorts persons of the same day.")


@router.get("/persons/", response=schemas.answers(schemas.PersonPage), summary="Public persons of concern")
@declared_only
def persons(request, filters: Query[PersonFilters]):
    found = public("person")
    if filters.status:
        found = found.filter(status=filters.status)
    rows, cursor = page_of(found, "persons", filters.cursor, filters.limit)
    return {"results": person_data(rows), "next": next_address(request, cursor), "next_cursor": cursor}


@router.get("/persons/{person_id}/", response=schemas.answers(schemas.Person), summary="One public person")
@declared_only
def person(request, person_id: schemas.Id):
    return person_data([get_object_or_404(public("person"), pk=person_id)])[0]


@router.get("/events/", response=schemas.answers(schemas.EventPage), summary="Events that involve a public person")
@declared_only
def events(request, filters: Query[EventFilters]):
    found = public("event")
    if filters.person is not None:
        found = found.filter(pk__in=Event.persons.through.objects.filter(
            person_id=filters.person, person__in=public("person")).values("event_id"))
    rows, cursor = page_of(found, "events", filters.cursor, filters.limit)
    return {"results": event_data(rows), "next": next_address(request, cursor), "next_cursor": cursor}


@router.get("/events/{event_id}/", response=schemas.answers(schemas.Event),
            summary="One event that involves a public person")
@declared_only
def event(request, event_id: schemas.Id):
    return event_data([get_object_or_404(public("event"), pk=event_id)])[0]


@router.get("/anniversaries/", response=schemas.answers(list[schemas.Anniversary]),
            summary="Anniversaries of the next 30 days, as the site's anniversaries page lists them")
@declared_only
def anniversaries(request, query: Query[AnniversaryQuery]):
    return [{"person": found.person.pk, "date": found.day.isoformat(), "years": found.nth, "kind": str(found.kind),
             "precision": str(found.precision)}
            for found in coming.upcoming(timezone.localdate(), query.language)]



