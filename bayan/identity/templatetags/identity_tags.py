"""The organisation's name for Django templates rendered without a request (e-mails)."""

from django import template
from django.utils import translation

from bayan.identity.organisation import organisation

register = template.Library()


@register.simple_tag
def organisation_name():
    """The organisation's name in the active language."""
    return organisation(None, translation.get_language()).name
