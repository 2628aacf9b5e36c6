"""What a logo or icon upload may be: a raster image, or an SVG with nothing in it that runs or fetches.

An SVG is a document, not a picture: it can carry scripts, event handlers, links to other
sites and whole HTML pages (foreignObject). Those are refused with a message saying which,
so the editor knows what to fix; what is merely unknown (an editor's metadata, a drawing
program's own attributes) is dropped, leaving only the elements and attributes below.
"""

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 1024 * 1024
# Large enough for any logo; small enough that decoding one cannot exhaust memory.
MAX_PIXELS_PER_SIDE = 4096
RASTER_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use", "symbol",
}
SVG_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width",
    "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-miterlimit", "opacity",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "clip-path", "mask",
    "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline", "letter-spacing",
    "preserveAspectRatio", "role", "aria-label", "lang", "direction", "href", "style", "version",
}
# Only references inside the file itself: url(#gradient) and href="#shape".
_OUTSIDE_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|expression\(", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedImage:
    """An accepted upload: its bytes (an SVG's cleaned), its kind and its size in pixels."""

    data: bytes
    is_svg: bool
    width: int
    height: int


def check_image(data, name, field_label, allow_svg=True):
    """The upload ``data`` (named ``name``) as an accepted image, or a ValidationError naming ``field_label``."""
    check_size(len(data), field_label)
    if _looks_like_svg(data, name):
        if not allow_svg:
            raise ValidationError(_("The %(field)s must be a PNG, JPEG, WebP or GIF image, not an SVG.")
                                  % {"field": field_label})
        return cleaned_svg(data, field_label)
    return _checked_raster(data, field_label)


def check_size(size, field_label):
    """Refuse an upload of ``size`` bytes larger than MAX_UPLOAD_BYTES, naming ``field_label``."""
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The %(field)s is %(size)s kB; it may be at most %(limit)s kB.")
            % {"field": field_label, "size": size // 1024, "limit": MAX_UPLOAD_BYTES // 1024})


def _looks_like_svg(data, name):
    start = data[:512].lstrip().lower()
    return name.lower().endswith(".svg") or start.startswith((b"<?xml", b"<svg", b"<!doctype svg"))


def _checked_raster(data, field_label):
    not_an_image = ValidationError(
        _("The %(field)s is not an image: upload an SVG, PNG, JPEG, WebP or GIF file.") % {"field": field_label})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
            if image_format not in RASTER_FORMATS:
                raise not_an_image
            if max(width, height) > MAX_PIXELS_PER_SIDE:
                raise ValidationError(
                    _("The %(field)s is %(width)s×%(height)s pixels; each side may be at most %(limit)s.")
                    % {"field": field_label, "width": width, "height": height, "limit": MAX_PIXELS_PER_SIDE})
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return CheckedImage(data, False, width, height)


def cleaned_svg(data, field_label):
    """The SVG ``data`` with only allowed elements and attributes, or a ValidationError saying what it carries."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ValidationError(_("The %(field)s is not a readable SVG file.") % {"field": field_label}) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _refused(field_label, _("a document type declaration, which can define entities"))
    if root.tag != f"{{{SVG}}}svg":
        raise ValidationError(_("The %(field)s is not an SVG image.") % {"field": field_label})
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            element.getparent().remove(element)
            continue
        _refuse_what_runs_or_fetches(element, field_label)
    for element in list(root.iter()):
        namespace, local = _split(element.tag)
        if namespace != SVG or local not in SVG_ELEMENTS:
            if element.getparent() is not None:
                element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if _split(attribute)[1] not in SVG_ATTRIBUTES or _split(attribute)[0] not in ("", XLINK):
                del element.attrib[attribute]
    etree.cleanup_namespaces(root)
    return CheckedImage(etree.tostring(root, encoding="utf-8"), True, *svg_size(root))


def _refuse_what_runs_or_fetches(element, field_label):
    _namespace, local = _split(element.tag)
    if local.lower() == "script":
        raise _refused(field_label, _("a script"))
    if local.lower() == "foreignobject":
        raise _refused(field_label, _("a foreignObject (a web page inside the image)"))
    if local.lower() == "style" and _OUTSIDE_REFERENCE.search(element.text or ""):
        raise _refused(field_label, _("a style that loads something from outside the file"))
    for attribute, value in element.attrib.items():
        name = _split(attribute)[1].lower()
        if name.startswith("on"):
            raise _refused(field_label, _("an event handler (%(attribute)s)") % {"attribute": name})
        if name == "href" and not value.strip().startswith("#"):
            raise _refused(field_label, _("a reference to something outside the file (%(address)s)")
                           % {"address": value.strip()[:60]})
        if _OUTSIDE_REFERENCE.search(value):
            raise _refused(field_label, _("a style that loads something from outside the file"))


def _refused(field_label, what):
    return ValidationError(_("The %(field)s contains %(what)s; a logo may only draw shapes and text.")
                           % {"field": field_label, "what": what})


def _split(tag):
    if tag.startswith("{"):
        namespace, _brace, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def svg_size(root):
    """(width, height) of an SVG in its own units: its viewBox, else its width and height, else a square."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return max(1, round(float(box[2]))), max(1, round(float(box[3])))
        return tuple(max(1, round(float(re.sub(r"[a-z%]+$", "", root.get(side, "")))))
                     for side in ("width", "height"))
    except ValueError:
        return 100, 100
