"""The open-data downloads of joint statements: ``/open-data/organisations.json`` and
``/open-data/statements/<post id>.json``. Like every reader answer they go through the page cache;
each names the change log's token it reflects (``X-Changes-Token``, docs/api.md)."""

import json

from django.http import HttpResponse

from bayan.pagecache.changelog import current_token, with_token

from .opendata import organisations_json, statement_json


def _json(make):
    token = current_token()
    return with_token(HttpResponse(json.dumps(make(), ensure_ascii=False, separators=(",", ":")),
                                   content_type="application/json; charset=utf-8"), token)


def organisations_json_view(request):
    """Every public organisation, with its names in both languages."""
    return _json(lambda: organisations_json(request))


def statement_json_view(request, post_id):
    """One joint statement's signatories, for a post readers may see."""
    return _json(lambda: statement_json(post_id))
