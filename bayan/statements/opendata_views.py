"""The open-data downloads of joint statements: ``/open-data/organisations.json`` and
``/open-data/statements/<post id>.json``. Like every reader answer they go through the page cache."""

import json

from django.http import HttpResponse

from .opendata import organisations_json, statement_json


def _json(data):
    return HttpResponse(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                        content_type="application/json; charset=utf-8")


def organisations_json_view(request):
    """Every public organisation, with its names in both languages."""
    return _json(organisations_json(request))


def statement_json_view(request, post_id):
    """One joint statement's signatories, for a post readers may see."""
    return _json(statement_json(post_id))
