"""Old addresses lead on: WordPress's query-string addresses and Wagtail's redirects, looked up quickly.

Wagtail's redirects act only on addresses that would otherwise be "not found",
but ``/`` always exists here (it sends readers to their language), so the old
query-string addresses (``/?p=123``, ``/?page_id=7``, ``/?feed=rss2``), which all
sit on ``/``, are looked up before that.

A redirect to a page readers may not see (a draft, an embargoed or restricted post: an import
keeps the old addresses of scheduled posts too) is not followed: its answer would name the
page's address. The address answers as if no redirect were kept for it, until the page is public.

A "not found" answer is what a flood of made-up addresses gets, so its redirect lookup is one
statement: Wagtail's middleware builds up to four querysets (the address decoded and as sent,
with and without its query string), each compiled anew. ``redirect_for`` asks for every
candidate address at once and picks the one Wagtail would, in Wagtail's order. The site the
request is for is taken from ``bayan.pagecache.sites``, which holds it per content generation.
"""

from urllib.parse import urlparse

from django import http
from django.utils.encoding import uri_to_iri
from wagtail.contrib.redirects import models

from bayan.database import reading_connection
from bayan.newsroom.models import pages_visible_to_readers
from bayan.pagecache.sites import request_site

WORDPRESS_QUERY_KEYS = {"p", "page_id", "cat", "tag", "author", "feed", "m", "attachment_id"}


class LegacyQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and WORDPRESS_QUERY_KEYS & set(request.GET):
            redirect = redirect_for(request, with_query=True)
            if redirect is not None and redirect.link:
                return http.HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)


def _tried_paths(path, with_query=False):
    """The addresses Wagtail looks a redirect up by, in its order: each of the address with its query string,
    then without it (unless ``with_query``), first decoded and then as sent."""
    tried = []
    for candidate in (path,) if with_query else (path, urlparse(path).path):
        for form in (uri_to_iri(candidate), candidate):
            if form not in tried and "\0" not in form:  # PostgreSQL refuses a null character in text
                tried.append(form)
    return tried


_REDIRECTS = f"SELECT id, old_path, site_id FROM {models.Redirect._meta.db_table} WHERE old_path IN "


def redirect_for(request, with_query=False):
    """The redirect Wagtail's middleware would follow for ``request``'s address (or None), read in one statement;
    None too when it leads to a page readers may not see. ``with_query``: only the address with its query string
    (an old WordPress address on ``/``, whose path alone is the home's)."""
    path = models.Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    tried = _tried_paths(path, with_query)
    if not tried:
        return None
    site = request_site(request)
    statement = _REDIRECTS + f"({', '.join(['%s'] * len(tried))})"
    parameters = list(tried)
    if site is not None:
        statement += " AND (site_id = %s OR site_id IS NULL)"
        parameters.append(site.pk)
    with reading_connection().cursor() as cursor:
        cursor.execute(statement, parameters)
        rows = cursor.fetchall()
    for candidate in tried:
        matches = [(pk, site_id) for pk, old_path, site_id in rows if old_path == candidate]
        if matches:
            # As Wagtail: where a redirect for the site and one for every site share the address, the site's own
            # (for a request no site answers, the one for every site).
            preferred = site.pk if site is not None else None
            matches = [match for match in matches if match[1] == preferred] or matches
            return _followed(models.Redirect.objects.select_related("redirect_page").get(pk=matches[0][0]))
    return None


def _followed(redirect):
    """``redirect`` when readers may follow it: to a link, or to a page they may see."""
    if redirect.redirect_page_id is None:
        return redirect
    return redirect if pages_visible_to_readers().filter(pk=redirect.redirect_page_id).exists() else None


class RedirectMiddleware:
    """Wagtail's redirects for "not found" answers (``redirect_for``), as Wagtail's own middleware follows them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = redirect_for(request)
        if redirect is None or redirect.link is None:
            return response
        if redirect.is_permanent:
            return http.HttpResponsePermanentRedirect(redirect.link)
        return http.HttpResponseRedirect(redirect.link)
