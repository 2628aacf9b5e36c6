"""The demo's organisation: a fictional press-freedom centre, named in both languages, with a logo drawn here.

Listens to ``bayan.newsroom.signals.demo_built``: the newsroom's demo knows nothing of identities.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from .models import Identity, IdentityText, ProfileLink
from .months import MonthStyle

TEXTS = {
    "en": {
        "name": "Centre for Free Expression",
        "short_name": "CFE",
        "tagline": "Documenting attacks on journalists and activists",
        "description": "The Centre for Free Expression records arrests, disappearances and trials of journalists "
                       "and activists, and speaks up for their release.",
        "address": "Office 4, 27 Rue des Exemples\n75000 Paris\nFrance",
    },
    "ar": {
        "name": "مركز حرية التعبير",
        "short_name": "حرية",
        "tagline": "نوثّق الاعتداءات على الصحفيين والناشطين",
        "description": "يوثّق مركز حرية التعبير اعتقال الصحفيين والناشطين واختفاءهم ومحاكماتهم، ويطالب بالإفراج عنهم.",
        "address": "مكتب 4، 27 شارع الأمثلة\n75000 باريس\nفرنسا",
    },
}
PROFILES = [("Mastodon", "https://social.example.org/@cfe"), ("Video channel", "https://video.example.org/c/cfe"),
            ("Newsletter", "https://lists.example.org/cfe")]

# A speech bubble with three dots: the centre speaks for those who cannot. Drawn for a light and a dark page.
_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<title>{title}</title>
<rect x="2" y="2" width="60" height="60" rx="14" fill="{ground}"/>
<path d="M14 16h36a4 4 0 0 1 4 4v20a4 4 0 0 1-4 4H30l-10 9v-9h-6a4 4 0 0 1-4-4V20a4 4 0 0 1 4-4z" fill="{bubble}"/>
<circle cx="23" cy="30" r="3.5" fill="{ground}"/><circle cx="32" cy="30" r="3.5" fill="{ground}"/>
<circle cx="41" cy="30" r="3.5" fill="{ground}"/>
</svg>"""


def demo_logo(dark=False):
    """The demo organisation's logo as SVG bytes (``dark``: for a dark background)."""
    colours = {"ground": "#f2d7d5", "bubble": "#1b1b1b"} if dark else {"ground": "#8a1c1c", "bubble": "#ffffff"}
    return _LOGO.format(title="Centre for Free Expression", **colours).encode()


def demo_icon(side=512):
    """The demo organisation's square icon as PNG bytes: the logo's bubble, drawn with Pillow."""
    scale = side / 64
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([2 * scale, 2 * scale, 62 * scale, 62 * scale], radius=14 * scale, fill="#8a1c1c")
    draw.rounded_rectangle([10 * scale, 16 * scale, 54 * scale, 44 * scale], radius=4 * scale, fill="#ffffff")
    draw.polygon([(20 * scale, 44 * scale), (30 * scale, 44 * scale), (20 * scale, 53 * scale)], fill="#ffffff")
    for centre in (23, 32, 41):
        draw.ellipse([(centre - 3.5) * scale, 26.5 * scale, (centre + 3.5) * scale, 33.5 * scale], fill="#8a1c1c")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def add_demo_organisation(homes=None, **kwargs):
    """Give the demo its organisation, unless an organisation was already set."""
    if Identity.objects.exists():
        return
    identity = Identity(email="contact@example.org", phone="+33 1 00 00 00 00", arabic_months=MonthStyle.BOTH)
    identity.logo.save("cfe-logo.svg", ContentFile(demo_logo()), save=False)
    identity.logo_dark.save("cfe-logo-dark.svg", ContentFile(demo_logo(dark=True)), save=False)
    identity.icon.save("cfe-icon.png", ContentFile(demo_icon()), save=False)
    identity.save()
    for language, texts in TEXTS.items():
        IdentityText.objects.create(identity=identity, language=language, **texts)
    for order, (label, url) in enumerate(PROFILES):
        ProfileLink.objects.create(identity=identity, sort_order=order, label=label, url=url)
