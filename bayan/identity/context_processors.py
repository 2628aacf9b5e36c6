from django.utils import translation

from .organisation import organisation


def identity(request):
    """The organisation in the page's language: its name as ``site_name``, the rest as ``organisation``."""
    found = organisation(request, translation.get_language())
    return {"site_name": found.name, "organisation": found, "arabic_months": found.arabic_months}
