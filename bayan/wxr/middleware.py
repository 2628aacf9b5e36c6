"""WordPress's query-string addresses (``/?p=123``, ``/?page_id=7``, ``/?feed=rss2``) keep working.

Wagtail's redirects act only on addresses that would otherwise be "not found",
but ``/`` always exists here (it sends readers to their language), so the old
query-string addresses, which all sit on ``/``, are looked up before that.
"""

from django import http
from wagtail.contrib.redirects import models
from wagtail.contrib.redirects.middleware import get_redirect

WORDPRESS_QUERY_KEYS = {"p", "page_id", "cat", "tag", "author", "feed", "m", "attachment_id"}


class LegacyQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and WORDPRESS_QUERY_KEYS & set(request.GET):
            path = models.Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                return http.HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
