from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.utils import translation

from bayan.addresses import address_in


class SiteAddresses(NamedTuple):
    home: str
    feed: str
    atom_feed: str
    tag_index: str


@cache
def site_addresses(language):
    """The home, feeds and tag index of ``language``."""
    return SiteAddresses(
        home=address_in(language, "archives:home"),
        feed=address_in(language, "archives:home-feed"),
        atom_feed=address_in(language, "archives:home-feed-atom"),
        tag_index=address_in(language, "archives:tag-index"),
    )


def site(request):
    """Names and addresses every reader page needs."""
    language = translation.get_language()
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.BASE_URL,
        "language_code": language,
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "site_addresses": site_addresses(language),
    }
