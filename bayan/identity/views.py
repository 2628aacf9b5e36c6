"""The favicon set at the site's root: /favicon.ico, /apple-touch-icon.png and the larger PNGs."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .favicons import FAVICONS, stored_name
from .organisation import organisation

# Pages link each file with ?v=<the set's digest>: that address never changes its content.
FOREVER = "public, max-age=31536000, immutable"
# Browsers also ask for /favicon.ico without a link: a new icon reaches them within a day.
ONE_DAY = "public, max-age=86400"


def favicon(request, name):
    """The favicon ``name`` made from the organisation's icon; 404 while the organisation has none."""
    digest = organisation(request, settings.LANGUAGE_CODE).favicon_digest
    if not digest:
        raise Http404("The organisation has no icon yet.")
    try:
        stored = default_storage.open(stored_name(digest, name), "rb")
    except FileNotFoundError:
        raise Http404("The favicon set has not been made.") from None
    # A file response is streamed, so the page cache leaves it (and its cache lifetime) alone.
    response = FileResponse(stored, content_type=FAVICONS[name][0])
    response["Cache-Control"] = FOREVER if request.GET.get("v") == digest else ONE_DAY
    return response
