"""The pages readers get when something is refused or goes wrong: the site's look, their language, no traceback.

Wired in bayan/urls.py (handler400, handler403, handler404, handler500) and settings
(CSRF_FAILURE_VIEW). ReaderMethodsMiddleware answers 405 to anything but GET and
HEAD sent to a reader page. The language is the one LocaleMiddleware chose from the address
(/ar/... is Arabic). A page that cannot be drawn with the site's templates (the database
gone, say) falls back to a plain page in both languages.
"""

import logging
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template

logger = logging.getLogger(__name__)


def _page(request, status, template="errors/error.html"):
    try:
        return render(request, template, {"status": status}, status=status)
    except Exception:
        logger.exception("The %s page could not be drawn with the site's templates", status)
        return HttpResponse(get_template("503.html" if status == 503 else "500.html").render(), status=status)


def bad_request(request, exception=None):
    return _page(request, 400)


def permission_denied(request, exception=None):
    return _page(request, 403)


def csrf_failure(request, reason=""):
    return _page(request, 403)


def page_not_found(request, exception=None):
    return _page(request, 404, "404.html")


# Seconds a reader is asked to wait when the database cannot take a write (a failover under way).
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """500; or 503 when the database did not answer (the primary stopped: readers may still be served from
    replicas, but nothing can be written until it is back or a replica is promoted)."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.warning("The database did not answer %s %s: answered 503", request.method, request.path)
        response = _page(request, 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page(request, 500)


READER_METHODS = ("GET", "HEAD")
# What takes forms: the admin (and its sign-in), Wagtail's password form for a protected page.
# The sign-on form of a joint statement (bayan/statements/signon_urls.py).
TAKES_FORMS = re.compile(r"^/(?:admin/|[a-z]{2}(?:-[a-z]+)?/(?:_util|sign)/)")


def method_not_allowed(request):
    response = _page(request, 405)
    response["Allow"] = ", ".join(READER_METHODS)
    return response


class ReaderMethodsMiddleware:
    """Reader pages (archives, posts, feeds, search, the sitemap) are only read: another method is 405.

    Placed after LocaleMiddleware, so the refusal is in the address's language, and before
    the CSRF check, so a form sent to a reader page is told the method is wrong, not that
    the form is forged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READER_METHODS and not TAKES_FORMS.match(request.path_info):
            return method_not_allowed(request)
        return self.get_response(request)
