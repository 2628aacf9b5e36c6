"""The favicon set, made once from the organisation's square icon when it is uploaded.

Browsers ask for /favicon.ico and /apple-touch-icon.png by convention and for the others
through the links in every page's head (chrome/icons.html). Each set is stored under the
digest of the picture it was made from, so a new icon gets new addresses that browsers may
keep for a year, while the conventional root addresses always answer with the current one.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

# name: (content type, pixel sizes)
FAVICONS = {
    "favicon.ico": ("image/x-icon", (16, 32, 48)),
    "apple-touch-icon.png": ("image/png", (180,)),
    "icon-192.png": ("image/png", (192,)),
    "icon-512.png": ("image/png", (512,)),
}


def favicon_digest(data):
    """The name of the set made from the picture ``data``."""
    return hashlib.sha256(data).hexdigest()[:16]


def stored_name(digest, name):
    """Where the favicon ``name`` of the set ``digest`` is kept in the media storage."""
    return f"identity/favicons/{digest}/{name}"


def make_favicons(data):
    """Store the favicon set made from the raster picture ``data``; returns its digest."""
    digest = favicon_digest(data)
    with Image.open(io.BytesIO(data)) as source:
        square = _square(source.convert("RGBA"))
    for name, (_content_type, sizes) in FAVICONS.items():
        path = stored_name(digest, name)
        if default_storage.exists(path):
            continue
        buffer = io.BytesIO()
        if name.endswith(".ico"):
            square.save(buffer, "ICO", sizes=[(size, size) for size in sizes])
        else:
            square.resize((sizes[0], sizes[0]), Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
        default_storage.save(path, ContentFile(buffer.getvalue()))
    return digest


def _square(image):
    """``image`` centred on a transparent square, so an icon that is not square keeps its proportions."""
    side = max(image.size)
    if image.width == image.height:
        return image
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return square
