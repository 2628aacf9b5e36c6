"""The open data API, ``/api/v1/``: one django-ninja API, its error answers, and its routers.

Operations live by domain (``news.py``, ``case_records.py``, ``joint_statements.py``,
``feed.py``); the headers every answer carries (CORS, conditional requests, rate limits) are
added by ``middleware.ApiMiddleware``.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic_core import to_json

from . import case_records, feed, joint_statements, news, open_data
from .errors import ApiError

DESCRIPTION = """Read-only open data: posts, tags, categories, authors, persons of concern and their events,
organisations and joint statements, search and anniversaries, as JSON, with a changes feed to keep a
copy in sync. Everything here is what the site's readers may see, and nothing else.

Lists are paged with cursors (`cursor=`, `limit=` up to 100): follow `next` until it is null. Answers
carry `ETag` and `Last-Modified`; send them back (`If-None-Match`, `If-Modified-Since`) for a 304.
Anonymous clients are limited per address and minute (429 with `Retry-After`); partners send a key
(`Authorization: Bearer <key>`) for a higher limit. Errors are JSON: `{"error": ..., "parameter": ...}`.
"""



class Utf8Renderer(JSONRenderer):
    """JSON written by pydantic's own encoder (several times faster than the standard library's on a page of
    posts); Arabic as UTF-8, as written, not as \\u escapes. Anything it does not know (a lazy translation)
    is written as its text."""

    def render(self, request, data, *, response_status):
        return to_json(data, fallback=str)


class BayanApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        # The open-data downloads are served outside /api/v1/ but belong to the same contract.
        return open_data.describe(super().get_openapi_schema(*args, **kwargs))


api = BayanApi(title="Bayan open data API", version="1", description=DESCRIPTION, urls_namespace="api-v1",
               docs_url="/docs/", openapi_url="/openapi.json", renderer=Utf8Renderer())
api.add_router("/", news.router)
api.add_router("/", case_records.router)
api.add_router("/", joint_statements.router)
api.add_router("/", feed.router)


@api.exception_handler(ApiError)
def _client_mistake(request, error):
    return api.create_response(request, {"error": error.message, "parameter": error.parameter}, status=error.status)


@api.exception_handler(ValidationError)
def _invalid_parameter(request, error):
    first = error.errors[0] if error.errors else {}
    # ("path", "<part>"), or ("query", "<the operation's argument>", "<parameter>", then the type tried
    # for a parameter of several types).
    location = [str(part) for part in first.get("loc", ())]
    parameter = location[2] if location[:1] == ["query"] and len(location) > 2 else (location[1:2] or [None])[0]
    message = first.get("msg", "is not valid")
    if first.get("type") == "extra_forbidden":
        message = "is not a parameter of this operation"
    return api.create_response(request, {"error": message, "parameter": parameter}, status=400)


@api.exception_handler(Http404)
def _not_found(request, error):
    return api.create_response(request, {"error": "not found", "parameter": None}, status=404)
