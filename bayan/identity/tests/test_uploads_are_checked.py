"""Bad uploads and links in the organisation's form are refused with a message naming the field; an SVG is cleaned."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.contrib.settings.views import get_setting_edit_handler

from bayan.identity.demo import demo_icon, demo_logo
from bayan.identity.models import Identity

pytestmark = pytest.mark.django_db


def form_for(files=None, texts=(("en", "Watch Centre"),), links=()):
    """The admin's organisation form, filled in with ``texts`` and ``links`` and given ``files``."""
    data = {"email": "", "phone": "", "arabic_months": "egyptian",
            "texts-TOTAL_FORMS": str(len(texts)), "texts-INITIAL_FORMS": "0", "texts-MIN_NUM_FORMS": "0",
            "texts-MAX_NUM_FORMS": "1000", "profile_links-TOTAL_FORMS": str(len(links)),
            "profile_links-INITIAL_FORMS": "0", "profile_links-MIN_NUM_FORMS": "0",
            "profile_links-MAX_NUM_FORMS": "1000"}
    for number, (language, name) in enumerate(texts):
        data |= {f"texts-{number}-language": language, f"texts-{number}-name": name}
    for number, (label, url) in enumerate(links):
        data |= {f"profile_links-{number}-label": label, f"profile_links-{number}-url": url,
                 f"profile_links-{number}-ORDER": str(number + 1)}
    form_class = get_setting_edit_handler(Identity).get_form_class()
    return form_class(data=data, files=files or {}, instance=Identity())


def svg(body, attributes=""):
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"{attributes}>{body}</svg>'.encode()


def logo_errors(data, name="logo.svg", field="logo"):
    form = form_for({field: SimpleUploadedFile(name, data)})
    assert not form.is_valid()
    return form.errors[field]


def test_a_clean_svg_logo_and_a_png_icon_are_accepted_and_make_favicons():
    form = form_for({"logo": SimpleUploadedFile("logo.svg", demo_logo()),
                     "icon": SimpleUploadedFile("icon.png", demo_icon(64))})
    assert form.is_valid(), form.errors
    identity = form.save()
    assert (identity.logo_width, identity.logo_height) == (64, 64)
    assert identity.favicon_digest


def test_a_file_that_is_not_an_image_is_refused():
    assert logo_errors(b"%PDF-1.4 not a picture", name="logo.png") == [
        "The logo is not an image: upload an SVG, PNG, JPEG, WebP or GIF file."]


@pytest.mark.parametrize("body, attributes, carries", [
    ("<script>alert(1)</script>", "", "a script"),
    ("<rect width='5' height='5'/>", ' onload="alert(1)"', "an event handler (onload)"),
    ('<image href="https://tracker.example/pixel.png"/>', "", "a reference to something outside the file"),
    ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://other.example/a.svg#x"/>', "",
     "a reference to something outside the file"),
    ("<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>hi</p></foreignObject>", "", "a foreignObject"),
    ("<style>rect { fill: url(https://other.example/x) }</style>", "", "a style that loads something"),
])
def test_an_svg_that_runs_or_fetches_something_is_refused_naming_what(body, attributes, carries):
    [error] = logo_errors(svg(body, attributes))
    assert error.startswith("The logo contains ") and carries in error


def test_an_svg_declaring_entities_is_refused_without_expanding_them():
    data = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>')
    [error] = logo_errors(data, field="logo_dark")
    assert error.startswith("The logo for dark backgrounds contains a document type declaration")


def test_what_is_merely_unknown_in_an_svg_is_dropped():
    data = svg('<metadata>drawn in a tool</metadata><rect width="5" height="5" data-tool="x" fill="red"/>')
    form = form_for({"logo": SimpleUploadedFile("logo.svg", data)})
    assert form.is_valid(), form.errors
    kept = form.cleaned_data["logo"].read()
    assert b"metadata" not in kept and b"data-tool" not in kept and b'fill="red"' in kept


def test_an_oversized_upload_is_refused_before_it_is_read():
    [error] = logo_errors(b"\x89PNG" + b"0" * (1024 * 1024 + 1), name="huge.png", field="logo_print")
    assert error == "The logo for print is 1024 kB; it may be at most 1024 kB."


def test_an_svg_icon_is_refused_the_favicons_need_pixels():
    [error] = logo_errors(demo_logo(), name="icon.svg", field="icon")
    assert error == "The square icon must be a PNG, JPEG, WebP or GIF image, not an SVG."


def test_an_image_too_large_to_decode_safely_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (5000, 10)).save(buffer, "PNG")
    [error] = logo_errors(buffer.getvalue(), name="wide.png")
    assert error == "The logo is 5000×10 pixels; each side may be at most 4096."


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://example.org/",
                                     "example.org"])
def test_a_profile_link_that_is_not_https_is_refused_naming_it(address):
    form = form_for(links=[("Profile", address)])
    assert not form.is_valid()
    [errors] = [linkform.errors for linkform in form.formsets["profile_links"].forms]
    assert errors["url"] == [f"A profile link must be an address starting with https:// (not “{address}”)."]


def test_two_texts_in_one_language_are_refused():
    form = form_for(texts=[("en", "One"), ("en", "Two")])
    assert not form.is_valid()
    assert "duplicate data for identity and language" in str(form.formsets["texts"].non_form_errors())
