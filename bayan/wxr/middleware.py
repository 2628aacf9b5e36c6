"""Old addresses lead on: WordPress's query-string addresses and Wagtail's redirects, looked up quickly.

Wagtail's redirects act only on addresses that would otherwise be "not found",
but ``/`` always exists here (it sends readers to their language), so the old
query-string addresses (``/?p=123``, ``/?page_id=7``, ``/?feed=rss2``), which all
sit on ``/``, are looked up before that.

Before looking for a redirect, Wagtail finds the site the request is for, which a "not found"
answer has often not needed yet: here it is taken from ``bayan.pagecache.sites``, which holds it
per content generation.
"""

from django import http
from wagtail.contrib.redirects import models
from wagtail.contrib.redirects.middleware import RedirectMiddleware as WagtailRedirectMiddleware
from wagtail.contrib.redirects.middleware import get_redirect

from bayan.pagecache.sites import request_site

WORDPRESS_QUERY_KEYS = {"p", "page_id", "cat", "tag", "author", "feed", "m", "attachment_id"}


class LegacyQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and WORDPRESS_QUERY_KEYS & set(request.GET):
            request_site(request)
            path = models.Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                return http.HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)


class RedirectMiddleware(WagtailRedirectMiddleware):
    """Wagtail's redirects for "not found" answers, with the request's site held per generation."""

    def process_response(self, request, response):
        if response.status_code == 404:
            request_site(request)
        return super().process_response(request, response)

