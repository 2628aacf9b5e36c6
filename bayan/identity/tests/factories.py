"""Small factories for the organisation's tests."""

from django.core.files.base import ContentFile

from bayan.identity.demo import demo_icon, demo_logo
from bayan.identity.models import Identity, IdentityText, ProfileLink


def make_identity(names=None, logo=True, icon=True, **fields):
    """An organisation named ``names`` ({language: name}), with the demo's logo and icon unless told not to."""
    identity = Identity(**fields)
    if logo:
        identity.logo.save("logo.svg", ContentFile(demo_logo()), save=False)
        identity.logo_dark.save("logo-dark.svg", ContentFile(demo_logo(dark=True)), save=False)
    if icon:
        identity.icon.save("icon.png", ContentFile(demo_icon(256)), save=False)
    identity.save()
    for language, name in (names or {"en": "Watch Centre", "ar": "مركز الرصد"}).items():
        IdentityText.objects.create(identity=identity, language=language, name=name, tagline=f"{name} tagline",
                                    description=f"{name} description", address=f"{name} street\nCity")
    ProfileLink.objects.create(identity=identity, sort_order=0, label="Mastodon", url="https://social.example.org/@w")
    return identity
