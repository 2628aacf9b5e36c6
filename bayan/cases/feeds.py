"""RSS and Atom feeds of the posts linked to persons: one person's, and every public person's.

The archives' feed classes do the writing (titles with the organisation's name, escaped
descriptions, categories); only what the feed lists and where it lives differ.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from bayan.addresses import address_in
from bayan.archives.feeds import ArchiveAtomFeed, ArchiveFeed
from bayan.newsroom.models import PostPage

from .models import PostPerson, linked_posts
from .profile import person_address, public_person


@dataclass
class LinkedPosts:
    """What a feed is about: its title, its page, and its posts in the page's language."""

    language: str
    title: str
    page: str
    posts: object
    kind: str = "person"

    def url(self):
        return self.page

    def feed_url(self, kind="rss"):
        return f"{self.page}feed/" + ("atom/" if kind == "atom" else "")


def person_posts(language, slug=None):
    """The posts linked to the public person ``slug`` (to any public person without one), in ``language``."""
    if slug is None:
        with translation.override(language):
            title = _("Persons")
        links = PostPerson.objects.visible_to_readers().values("post_id")
        posts = PostPage.objects.visible_to_readers().filter(pk__in=links)
        page = address_in(language, "cases:person-index")
    else:
        person = public_person(slug)
        title, posts, page = person.name_in(language), linked_posts(person), person_address(language, person.slug)
    posts = posts.filter(locale__language_code=language).order_by("-date", "-pk")
    return LinkedPosts(language, title, page, posts)


class PersonFeed(ArchiveFeed):
    """The newest posts linked to a person (or to any person), in the feed's language."""

    def get_object(self, request, slug=None):
        return person_posts(translation.get_language(), slug)

    def items(self, subject):
        return self.filed(list(subject.posts.select_related("category", "locale")[: settings.BAYAN_FEED_ITEMS]))


class PersonAtomFeed(PersonFeed, ArchiveAtomFeed):
    pass


person_rss, person_atom = PersonFeed(), PersonAtomFeed()
