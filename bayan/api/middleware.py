"""What every answer of the API carries, added around its operations: CORS, conditional requests, rate limits.

- CORS is open for reading: any site's script may GET (``Access-Control-Allow-Origin: *``), and
  a preflight (``OPTIONS``) is answered here.
- Each client address may make ``BAYAN_API_RATE_PER_MINUTE`` requests a minute; a partner key
  (``Authorization: Bearer <key>``) raises that to ``BAYAN_API_PARTNER_RATE_PER_MINUTE`` for
  the key. Past it: 429 with ``Retry-After``. The counts are kept in the database
  (``accounts.limits``), so every server process counts together. An unknown or revoked key is
  a 401, not a silent fall back to the anonymous limit.
- Answers depend only on the published content (the content generation) and the address
  asked, so the ETag is made from those, before the operation runs: a client that sends it
  back gets a 304 without the answer being built. ``Last-Modified`` is when the generation began.

The operations are then called from here, past the middleware that reader pages and the admin
need (sessions, sign-in, CSRF, languages): the API has no session and no language of its own,
and the language middleware would answer a 404 with a redirect to a language's prefix.
"""

import hashlib
from importlib import metadata

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, get_resolver
from django.utils.http import http_date, parse_http_date_safe

from bayan.accounts.audit import client_address
from bayan.accounts.limits import spend
from bayan.pagecache.invalidation import generation_now

from .models import partner_for

PREFIX = "/api/"
API_URLS = "bayan.api.urls"
EXPOSED = "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"


def _code_version():
    try:
        return metadata.version("bayan")
    except metadata.PackageNotFoundError:
        return "0"


CODE_VERSION = _code_version()


def _open_to_every_origin(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    return response


def _refusal(status, message, **headers):
    response = JsonResponse({"error": message, "parameter": None}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return _open_to_every_origin(response)


def _limit(request):
    """``(refusal or None, limit, remaining)`` for this request's client."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _space, key = header.partition(" ")
        partner = partner_for(key.strip()) if scheme.lower() == "bearer" else None
        if partner is None:
            return _refusal(401, "the partner key is unknown or revoked", WWW_Authenticate="Bearer"), 0, 0
        limit, counted = settings.BAYAN_API_PARTNER_RATE_PER_MINUTE, f"api-key:{partner.pk}"
    else:
        limit, counted = settings.BAYAN_API_RATE_PER_MINUTE, f"api-address:{client_address(request)}"
    verdict = spend(counted, limit, 60)
    if not verdict.allowed:
        return (_refusal(429, f"more than {limit} requests a minute", Retry_After=str(verdict.retry_after),
                         X_RateLimit_Limit=str(limit), X_RateLimit_Remaining="0"), limit, 0)
    return None, limit, max(limit - verdict.count, 0)


def etag_for(request, token):
    text = f"{CODE_VERSION}|{token}|{request.get_full_path()}"
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _open_to_every_origin(response)
        refusal, limit, remaining = _limit(request)
        if refusal is not None:
            return refusal
        token, changed_at = generation_now()
        etag = etag_for(request, token)
        modified = int(changed_at.timestamp())
        if request.method in ("GET", "HEAD") and self._unchanged(request, etag, modified):
            response = HttpResponse(status=304)
        else:
            response = self._operation(request)
        if response.status_code in (200, 304) and request.method in ("GET", "HEAD"):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            response["Cache-Control"] = "no-cache"
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        return _open_to_every_origin(response)

    @staticmethod
    def _operation(request):
        try:
            match = get_resolver(API_URLS).resolve(request.path_info)
        except Resolver404:
            return _refusal(404, "there is no such operation (see /api/v1/openapi.json; addresses end in /)")
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)

    @staticmethod
    def _unchanged(request, etag, modified):
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked is not None:
            return etag in [value.strip() for value in asked.split(",")] or asked.strip() == "*"
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and modified <= since
