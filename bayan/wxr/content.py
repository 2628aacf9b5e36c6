"""Turning a body as WordPress stores it into the clean HTML the newsroom keeps.

WordPress stores posts without most paragraph tags (it adds them when showing a
post: "autop"), with shortcodes such as ``[caption]`` and ``[gallery]`` and, from
the block editor, ``<!-- wp:... -->`` comments. ``convert_body`` restores the
paragraphs, turns the shortcodes it knows into HTML, keeps the ones it does not
know as visible text (and names them), and passes the result through the one
sanitiser.
"""

import html
import re
from dataclasses import dataclass, field

from .sanitise import clean_html

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|dd|details|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|"
    "li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul|iframe"
)
_STARTS_WITH_BLOCK = re.compile(rf"^<(?:/?)(?:{BLOCK_TAGS})\b", re.IGNORECASE)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z_][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=name)\])?", re.DOTALL
)
_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_BARE_URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.MULTILINE)


@dataclass
class Conversion:
    """The converted body and what the conversion noticed."""

    html: str
    unknown_shortcodes: list = field(default_factory=list)


def shortcode_attributes(text):
    """{name: value} of a shortcode's attributes."""
    return {match[0].lower(): next(value for value in match[1:] if value is not None)
            for match in _ATTRIBUTE.findall(text or "")}


def autop(text):
    """Restore the paragraphs WordPress adds on display: blank lines end paragraphs, single newlines break lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    preserved = []

    def keep(match):
        preserved.append(match.group(0))
        return f"\n\n\x00{len(preserved) - 1}\x00\n\n"

    text = _PRE.sub(keep, text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("\x00") or _STARTS_WITH_BLOCK.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    joined = "\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda match: preserved[int(match.group(1))], joined)


def convert_body(text, attachment_urls=None):
    """Convert one stored WordPress body to clean HTML, naming any shortcode it does not know."""
    attachment_urls = attachment_urls or {}
    unknown = []

    def replace(match):
        name, inner = match.group("name").lower(), match.group("inner")
        attrs = shortcode_attributes(match.group("attrs"))
        if name in ("caption", "wp_caption"):
            body = inner or ""
            caption = attrs.get("caption") or re.sub(
                r"^\s*(?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?", "", body).strip()
            image = re.search(r"(?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?", body)
            figure = image.group(0) if image else ""
            return f"<figure>{figure}<figcaption>{caption}</figcaption></figure>"
        if name == "embed":
            url = (inner or attrs.get("src") or "").strip()
            return _link(url)
        if name in ("audio", "video"):
            url = next((attrs[key] for key in ("src", "mp3", "mp4", "m4a", "ogg") if attrs.get(key)), "")
            return _link(url)
        if name == "gallery":
            ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
            images = [f'<li><img src="{html.escape(attachment_urls[i])}" alt=""></li>'
                      for i in ids if i in attachment_urls]
            return f'<ul class="gallery">{"".join(images)}</ul>' if images else ""
        unknown.append(name)
        return match.group(0)

    text = _BLOCK_COMMENT.sub("", text or "")
    text = _SHORTCODE.sub(replace, text)
    text = _BARE_URL_LINE.sub(lambda match: _link(match.group(1)), text)
    return Conversion(clean_html(autop(text)), unknown)


def _link(url):
    if not url.startswith(("http://", "https://")):
        return html.escape(url)
    escaped = html.escape(url)
    return f'<p><a href="{escaped}">{escaped}</a></p>'
