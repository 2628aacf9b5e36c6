"""The favicon set at the root: made once from the icon (or a raster logo), with its content type and lifetime."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from bayan.identity.demo import demo_icon
from bayan.identity.models import Identity
from bayan.identity.tests.factories import make_identity

pytestmark = pytest.mark.django_db


def picture(response):
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_without_an_icon_the_favicons_are_not_found(client):
    assert client.get("/favicon.ico").status_code == 404
    make_identity(icon=False)
    assert client.get("/favicon.ico").status_code == 404
    assert client.get("/apple-touch-icon.png").status_code == 404


def test_the_ico_holds_16_32_and_48_pixel_pictures(client):
    make_identity()
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert picture(response).info["sizes"] == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize("address, side", [("/apple-touch-icon.png", 180), ("/icon-192.png", 192),
                                           ("/icon-512.png", 512)])
def test_the_pngs_have_their_sizes(client, address, side):
    make_identity()
    response = client.get(address)
    assert response["Content-Type"] == "image/png"
    assert picture(response).size == (side, side)


def test_the_linked_version_is_kept_a_year_the_bare_address_a_day(client):
    identity = make_identity()
    assert client.get("/favicon.ico")["Cache-Control"] == "public, max-age=86400"
    versioned = client.get(f"/favicon.ico?v={identity.favicon_digest}")
    assert versioned["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_raster_logo_makes_the_favicons_when_there_is_no_icon():
    identity = Identity()
    identity.logo.save("logo.png", ContentFile(demo_icon(100)), save=False)
    identity.save()
    assert identity.favicon_digest and (identity.logo_width, identity.logo_height) == (100, 100)


def test_a_new_icon_makes_a_new_set():
    identity = make_identity()
    first = identity.favicon_digest
    identity.icon.save("other.png", ContentFile(demo_icon(128)), save=True)
    assert identity.favicon_digest != first
