from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

register = template.Library()


@register.inclusion_tag("newsroom/_language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the other languages: to this page's translation where one exists, else to that language's home."""
    current = translation.get_language()
    alternates = dict(context.get("alternates") or [])
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = alternates.get(code)
        if url is None:
            with translation.override(code):
                url = reverse("archives:home")
        links.append({"code": code, "name": name, "url": url, "is_translation": code in alternates})
    return {"links": links}


@register.simple_tag
def page_url(archive, number):
    """The address of page ``number`` of an archive."""
    return archive.url(number)
