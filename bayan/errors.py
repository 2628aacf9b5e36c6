"""The pages readers get when something is refused or goes wrong: the site's look, their language, no traceback.

Wired in bayan/urls.py (handler400, handler403, handler404, handler500) and settings
(CSRF_FAILURE_VIEW). The language is the one LocaleMiddleware chose from the address
(/ar/... is Arabic). A page that cannot be drawn with the site's templates (the database
gone, say) falls back to a plain page in both languages.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template

logger = logging.getLogger(__name__)


def _page(request, status, template="errors/error.html"):
    try:
        return render(request, template, {"status": status}, status=status)
    except Exception:
        logger.exception("The %s page could not be drawn with the site's templates", status)
        return HttpResponse(get_template("500.html").render(), status=status)


def bad_request(request, exception=None):
    return _page(request, 400)


def permission_denied(request, exception=None):
    return _page(request, 403)


def csrf_failure(request, reason=""):
    return _page(request, 403)


def page_not_found(request, exception=None):
    return _page(request, 404, "404.html")


def server_error(request):
    return _page(request, 500)
