"""RSS 2.0 and Atom feeds of any archive: the site, a tag, a category, an author."""

import io
import re
from datetime import UTC, datetime
from xml.sax.saxutils import escape as escape_xml
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib.syndication.views import add_domain
from django.core.exceptions import ObjectDoesNotExist
from django.db.migrations.recorder import MigrationRecorder
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.xmlutils import SimplerXMLGenerator

from bayan.identity.organisation import organisation
from bayan.newsroom.additions import additions_for, feed_text
from bayan.newsroom.filing import filings_of
from bayan.pagecache.held import HeldPerGeneration, note_token

from .archive import resolved_archive

# Characters XML 1.0 cannot hold, which Django's writer refuses (``UnserializableContentError``).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


class _QuickXMLWriter(SimplerXMLGenerator):
    """Django's XML writer, with an element of text written in one step.

    A feed writes about ten such elements per post, each through five methods of Django's and the
    standard library's writers: a third of a feed's time. The bytes are those Django's writer
    writes (attributes sorted, text escaped, an empty element closed as ``<name/>``), and text it
    would refuse, or anything but text, goes through it.
    """

    def addQuickElement(self, name, contents=None, attrs=None):
        if contents is not None and (not isinstance(contents, str) or _NOT_IN_XML.search(contents)):
            return super().addQuickElement(name, contents, attrs)
        self._finish_pending_start_element()
        attributes = "".join(f" {key}={quoteattr(value)}" for key, value in sorted(attrs.items())) if attrs else ""
        if contents:
            self._write(f"<{name}{attributes}>{escape_xml(contents)}</{name}>")
        else:
            self._write(f"<{name}{attributes}/>")


class _SiteDated:
    """A feed whose date, with no item to take it from, is when the site was set up, not the moment it was asked.

    Django's generators fall back to now, so an empty feed would differ at every request: copies
    of the site (the static mirror) would rewrite it each time, and caches could never match it.
    Nor is it when the site last changed: then any edit anywhere would change every empty feed,
    which no edit's pages include, and a copy brought up to date would differ from a fresh one.
    """

    def latest_post_date(self):
        if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return super().latest_post_date()
        # The view gives a way to read it once per content generation; a feed made elsewhere reads it now.
        return (self.feed.get("site_set_up_at") or site_set_up_at)()


def site_set_up_at():
    """When the site's database was made: the first migration's time (a fixed moment before that, if none)."""
    applied = MigrationRecorder.Migration.objects.order_by("applied").values_list("applied", flat=True).first()
    return applied or datetime(2000, 1, 1, tzinfo=UTC)


# Held per generation rather than read for each empty feed: anyone can ask for empty feeds (a tag's
# in a language it has no posts in), and the answer changes only with the database itself.
_held_set_up_at = HeldPerGeneration(site_set_up_at)


# Django's generators make their writer inside ``write``: these take the same steps with the quicker one.
class SiteDatedRss(_SiteDated, Rss201rev2Feed):
    def write(self, outfile, encoding):
        writer = _QuickXMLWriter(outfile, encoding, short_empty_elements=True)
        writer.startDocument()
        self.add_stylesheets(writer)
        writer.startElement("rss", self.rss_attributes())
        writer.startElement("channel", self.root_attributes())
        self.add_root_elements(writer)
        self.write_items(writer)
        self.endChannelElement(writer)
        writer.endElement("rss")


class SiteDatedAtom(_SiteDated, Atom1Feed):
    def write(self, outfile, encoding):
        writer = _QuickXMLWriter(outfile, encoding, short_empty_elements=True)
        writer.startDocument()
        writer.startElement("feed", self.root_attributes())
        self.add_root_elements(writer)
        self.write_items(writer)
        writer.endElement("feed")


class ArchiveFeed:
    """The newest posts of one archive, as a view. ``resolve`` is one of the ``*_archive`` functions.

    It fills Django's RSS and Atom generators as Django's ``Feed`` view would, from the methods
    below, but calls them directly and sends the document in one piece (see ``__call__`` and
    ``get_feed``).
    """

    feed_type = SiteDatedRss
    resolve = None

    def __call__(self, request, *args, **kwargs):
        """The feed, written to memory and sent in one piece.

        The generator writes a feed in about nine hundred small pieces: into the response, each
        was converted and kept on its own (a fifth of a feed's time), and a server sent each apart.
        """
        try:
            archive = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("No such feed.") from None
        generator = self.get_feed(archive, request)
        document = io.StringIO()
        generator.write(document, "utf-8")
        response = HttpResponse(document.getvalue().encode("utf-8"), content_type=generator.content_type)
        # As Django's view does: lets conditional requests be answered "not modified".
        response.headers["Last-Modified"] = http_date(generator.latest_post_date().timestamp())
        return response

    def get_object(self, request, **kwargs):
        language = translation.get_language()
        archive = resolved_archive(lambda: self.resolve(language, **kwargs),
                                   lambda found: found.posts.expect(0, settings.BAYAN_FEED_ITEMS, feed=True))
        note_token(request, archive.read_token())
        # The feed object serves every request: what ``items`` needs of this one travels with the archive.
        archive.request = request
        return archive

    def get_feed(self, archive, request):
        """The feed generator of ``archive``, filled as Django's ``Feed.get_feed`` fills it, but asking this class's
        methods directly: Django looks each one up by name and inspects its arguments, for every field of every
        item, which took a sixth of a feed's time."""
        secure = request.is_secure()
        domain = request.get_host()
        # Titled with the organisation's name in the archive's language; the feed object serves every request,
        # so the name is read here, per request, not kept on it.
        name = organisation(request, archive.language).name
        feed = self.feed_type(
            title=name if archive.kind == "home" else f"{archive.title} – {name}",
            subtitle=self.subtitle(archive),
            link=add_domain(domain, self.link(archive), secure),
            description=self.description(archive),
            language=translation.get_language(),
            feed_url=add_domain(domain, self.feed_url(archive) or request.path, secure),
            # Asked only by a feed with no posts, so a full one reads nothing more.
            site_set_up_at=lambda: _held_set_up_at.get(request),
        )
        for post in self.items(archive):
            link = add_domain(domain, self.item_link(post), secure)
            author_name = self.item_author_name(post)
            feed.add_item(
                title=self.item_title(post), link=link, description=self.item_description(post), unique_id=link,
                enclosures=[], pubdate=self.item_pubdate(post), updateddate=self.item_updateddate(post),
                author_name=author_name, categories=self.item_categories(post),
            )
        return feed

    def link(self, archive):
        return archive.url()

    def feed_url(self, archive):
        return archive.feed_url("atom" if issubclass(self.feed_type, Atom1Feed) else "rss")

    # RSS descriptions are read as HTML by feed readers (Atom's summary is declared "html"):
    # plain text goes in escaped, so a "<" typed in a title or excerpt stays a character.
    def description(self, archive):
        return escape(archive.title)

    def subtitle(self, archive):
        return archive.title

    def items(self, archive):
        items = self.filed(archive.posts.newest_for_feed(settings.BAYAN_FEED_ITEMS))
        # What other apps add to each post (a statement's signatories), read for all items at once.
        added = additions_for(items, archive.language, getattr(archive, "request", None))
        for post in items:
            post.feed_addition = feed_text(added.get(post.pk, ()))
        return items

    @staticmethod
    def filed(items):
        """``items`` (posts), each with its authors, tags and further categories (``feed_filing``), read for all
        of them in one statement, as post pages read them (less their translations, which a feed does not show)."""
        filings = filings_of(items, translations=False)
        for post in items:
            post.feed_filing = filings[post.pk]
        return items

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        addition = getattr(post, "feed_addition", "")
        text = f"{post.listing_excerpt}\n\n{addition}" if addition else post.listing_excerpt
        return escape(text)

    def item_link(self, post):
        return post.reader_path()

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return post.last_published_at or post.date

    def item_author_name(self, post):
        # Named in the post's language (``filings_of``).
        return ", ".join(author.name for author in post.feed_filing.authors) or None

    def item_categories(self, post):
        filing = post.feed_filing
        labels = sorted((tag.name for tag in filing.tags), key=str.casefold)
        others = [category.name for category in filing.categories_besides(post.category_id)]
        return ([post.category.name] if post.category_id else []) + others + labels


class ArchiveAtomFeed(ArchiveFeed):
    feed_type = SiteDatedAtom


def feeds_for(resolve):
    """The RSS and Atom views of one kind of archive."""
    rss = type("Feed", (ArchiveFeed,), {"resolve": staticmethod(resolve)})
    atom = type("AtomFeed", (ArchiveAtomFeed,), {"resolve": staticmethod(resolve)})
    return rss(), atom()
