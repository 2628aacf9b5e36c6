"""What reader pages, feeds and e-mails show of the organisation, read once per content generation.

``organisation(request, language)`` answers from memory after the first request of a
generation: an edit in the admin starts a new generation (bayan/pagecache/invalidation.py),
so the header shows the new name on the very next request, and no request adds a query.
"""

from dataclasses import dataclass

from django.conf import settings

from bayan.pagecache.held import HeldPerGeneration

from .favicons import FAVICONS
from .months import MonthStyle


@dataclass(frozen=True)
class Organisation:
    """The organisation as one language's pages show it."""

    name: str
    short_name: str
    tagline: str
    description: str
    address: str
    logo: str
    logo_dark: str
    logo_print: str
    logo_width: int
    logo_height: int
    email: str
    phone: str
    profile_links: tuple
    favicon_digest: str
    arabic_months: str

    def favicon(self, name):
        """The address of the favicon ``name`` (see favicons.FAVICONS), or "" when there is no icon."""
        if not self.favicon_digest or name not in FAVICONS:
            return ""
        return f"/{name}?v={self.favicon_digest}"

    @property
    def has_contact(self):
        return bool(self.email or self.phone or self.address or self.profile_links)


def _load():
    """{language: Organisation} from the database (three queries), or the defaults when nothing is set."""
    from .models import Identity

    identity = Identity.objects.prefetch_related("texts", "profile_links").first()
    texts = {text.language: text for text in identity.texts.all()} if identity else {}
    # A language without its own texts borrows the default language's, then any, before Bayan's name.
    fallback = texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), None)
    found = {}
    for language, _label in settings.LANGUAGES:
        text = texts.get(language) or fallback
        found[language] = Organisation(
            name=text.name if text else settings.WAGTAIL_SITE_NAME,
            short_name=(text.short_name or text.name) if text else settings.WAGTAIL_SITE_NAME,
            tagline=text.tagline if text else "",
            description=text.description if text else "",
            address=text.address if text else "",
            logo=identity.logo.url if identity and identity.logo else "",
            logo_dark=identity.logo_dark.url if identity and identity.logo_dark else "",
            logo_print=identity.logo_print.url if identity and identity.logo_print else "",
            logo_width=identity.logo_width if identity else 0,
            logo_height=identity.logo_height if identity else 0,
            email=identity.email if identity else "",
            phone=identity.phone if identity else "",
            profile_links=tuple((link.label, link.url) for link in identity.profile_links.all()) if identity else (),
            favicon_digest=identity.favicon_digest if identity else "",
            arabic_months=identity.arabic_months if identity else MonthStyle.EGYPTIAN,
        )
    return found


_held = HeldPerGeneration(_load)


def organisation(request, language):
    """The organisation in ``language`` (the default language's when ``language`` is not one of the site's)."""
    found = _held.get(request)
    return found.get(language) or found[settings.LANGUAGE_CODE]


def totp_issuer(device):
    """The name authenticator apps show beside an editor's account: the organisation's, in the default language."""
    return organisation(None, settings.LANGUAGE_CODE).name
