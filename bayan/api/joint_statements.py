"""Organisations and the joint statements they signed."""

from collections import defaultdict

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from bayan.statements.models import Signatory

from . import schemas
from .news import Listing
from .paging import page_of
from .parameters import declared_only
from .public import public
from .serialize import organisation_data, statement_data
from .urls_of import next_address

router = Router(tags=["joint statements"])


def _signed(organisations):
    signed = defaultdict(list)
    rows = Signatory.objects.filter(organisation__in=organisations, statement__in=public("statement"))
    for organisation_id, statement_id in rows.values_list("organisation_id", "statement_id").distinct():
        signed[organisation_id].append(statement_id)
    return signed


@router.get("/organisations/", response=schemas.answers(schemas.OrganisationPage), summary="Public organisations")
@declared_only
def organisations(request, filters: Query[Listing]):
    rows, cursor = page_of(public("organisation"), "organisations", filters.cursor, filters.limit)
    return {"results": organisation_data(rows, _signed([row.pk for row in rows])),
            "next": next_address(request, cursor), "next_cursor": cursor}


@router.get("/organisations/{organisation_id}/", response=schemas.answers(schemas.Organisation),
            summary="One public organisation")
@declared_only
def organisation(request, organisation_id: schemas.Id):
    found = get_object_or_404(public("organisation"), pk=organisation_id)
    return organisation_data([found], _signed([found.pk]))[0]


@router.get("/statements/", response=schemas.answers(schemas.StatementPage), summary="Joint statements readers may see")
@declared_only
def statements(request, filters: Query[Listing]):
    rows, cursor = page_of(public("statement"), "statements", filters.cursor, filters.limit)
    return {"results": statement_data(rows), "next": next_address(request, cursor), "next_cursor": cursor}


@router.get("/statements/{statement_id}/", response=schemas.answers(schemas.Statement), summary="One joint statement")
@declared_only
def statement(request, statement_id: schemas.Id):
    return statement_data([get_object_or_404(public("statement"), pk=statement_id)])[0]
