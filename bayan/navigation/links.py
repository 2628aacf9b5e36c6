"""What a menu link may point at, checked when an editor saves it: never a script, never the admin."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

# Schemes a reader's browser opens as a place to go; javascript:, data:, vbscript: and the rest are refused.
EXTERNAL_SCHEMES = ("http", "https", "mailto")


def check_address(address):
    """Raise ``ValidationError`` unless ``address`` is a reader address of this site or an external link.

    An address on this site (starting with ``/``) must be one the site answers readers at: an
    archive, an index, a post, a page. One that resolves nowhere, or to the admin, is refused.
    """
    address = address.strip()
    if not address:
        raise ValidationError(_("Give an address, or choose a page."))
    if any(character.isspace() or ord(character) < 32 for character in address):
        raise ValidationError(_("An address has no spaces or control characters."))
    if address.startswith("//"):
        raise ValidationError(_("Write an external address in full, with https://."))
    if address.startswith("/"):
        path = urlsplit(address).path
        if path.startswith(settings.BAYAN_UNCACHED_PREFIXES):
            raise ValidationError(_("“%(address)s” is not a page readers see.") % {"address": address})
        try:
            # Reader routes carry their language's prefix, and resolve only with it active.
            with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
                resolve(path)
        except Resolver404:
            raise ValidationError(_("This site has no page at “%(address)s”.") % {"address": address}) from None
        return
    scheme = urlsplit(address).scheme.lower()
    if scheme not in EXTERNAL_SCHEMES:
        raise ValidationError(
            _("Links may go to this site's pages or to http, https or mailto addresses, not “%(scheme)s”.")
            % {"scheme": scheme or address})
    if scheme in ("http", "https") and not urlsplit(address).netloc:
        raise ValidationError(_("“%(address)s” names no site.") % {"address": address})
