"""The one HTML allow-list: every piece of HTML that comes from outside passes through ``clean_html``.

Imported WordPress bodies, pasted HTML and public submissions all end up in pages
that readers open, so they are cut down to plain structure, links, images and
embeds from a short list of video and audio hosts. Scripts, styles, event
handlers, forms and ``javascript:`` (or any non-web) links never survive.
"""

import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "li", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
    "*": {"lang", "dir"},
}
EMBED_HOSTS = {
    "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "w.soundcloud.com",
    "www.dailymotion.com", "open.spotify.com", "html5-player.libsyn.com", "archive.org",
}
URL_SCHEMES = {"http", "https", "mailto"}
_FRAME_WITHOUT_SOURCE = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)


def _keep_attribute(tag, attribute, value):
    """Drop iframes' sources outside the embed hosts (the iframe is then empty and harmless)."""
    if tag == "iframe" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme != "https" or parts.hostname not in EMBED_HOSTS:
            return None
    return value


def clean_html(markup):
    """Return ``markup`` reduced to the allow-list; text is kept, anything dangerous is dropped."""
    if not markup:
        return ""
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "object", "embed", "textarea", "select"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An iframe whose source was refused embeds nothing: remove it, with the fallback text inside
    # it, which browsers never show either. nh3's output is normalised, so a pattern is exact here.
    return _FRAME_WITHOUT_SOURCE.sub("", cleaned)
