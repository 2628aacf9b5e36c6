from django.conf import settings
from django.utils import translation


def site(request):
    """Names and addresses every reader page needs."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.BASE_URL,
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
