"""What apps above the newsroom add to a post where readers meet it: after its text, in its
structured data, and in its feed item (a joint statement's signatories, for one).

The newsroom imports no app above it: an app registers a provider here (in its
``AppConfig.ready``). A provider is called as ``provider(posts, language, request)`` with the
posts of one page or one feed, all in ``language``, and the request being answered (None
outside one); it returns ``{post pk: Addition}`` for those it adds to. It reads what it needs
for all of them at once, so a feed of twenty posts costs the same queries as one post, and
should know from what it holds per content generation (``bayan.pagecache.held``, which the
request lets it read for free) whether it has anything to add at all, so that the posts it
adds nothing to cost no query. It must show only what readers may see.
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Addition:
    """``html``: safe markup shown after the post's text; ``structured_data``: keys merged into its
    schema.org description; ``feed_text``: plain text appended to its feed item's description."""

    html: str = ""
    structured_data: dict = field(default_factory=dict)
    feed_text: str = ""


_providers = []


def register(provider):
    """Add a provider (see the module's docstring); registering the same one twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def additions_for(posts, language, request=None):
    """``{post pk: [Addition, ...]}`` from every provider, in the order they registered."""
    posts = [post for post in posts if post.pk is not None]
    found = {}
    if not posts:
        return found
    for provider in _providers:
        for pk, addition in provider(posts, language, request).items():
            found.setdefault(pk, []).append(addition)
    return found


def page_html(additions):
    """The additions' markup, joined, for the post's page."""
    return mark_safe("".join(str(addition.html) for addition in additions))


def merged_structured_data(data, additions):
    """``data`` with every addition's structured data merged in."""
    for addition in additions:
        data = {**data, **addition.structured_data}
    return data


def feed_text(additions):
    """The additions' feed text, one paragraph each."""
    return "\n\n".join(addition.feed_text for addition in additions if addition.feed_text)
