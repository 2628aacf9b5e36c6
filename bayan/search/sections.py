"""Sections other apps add to the search page above the posts found, e.g. the persons whose names match.

Search imports no app above it: an app registers a provider here (in its ``AppConfig.ready``),
and the search page asks every provider for the query. A provider is called as
``provider(query_text, language, request)`` and returns a ``Section`` or None. It must show
only what readers may see, and answer from what it holds per content generation
(``bayan.pagecache.held``) so that a search costs no query per provider.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Result:
    """One entry of a section: its title, its reader address, a line of detail, and their language."""

    title: str
    url: str
    detail: str = ""
    language: str = ""


@dataclass(frozen=True)
class Section:
    """A titled list of results shown above the posts, in the order providers registered."""

    name: str
    title: str
    results: list = field(default_factory=list)


_providers = []


def register(provider):
    """Add a provider (see the module's docstring); registering the same one twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(query_text, language, request=None):
    """The sections every provider has for this query, the empty ones left out."""
    found = (provider(query_text, language, request) for provider in _providers)
    return [section for section in found if section is not None and section.results]
