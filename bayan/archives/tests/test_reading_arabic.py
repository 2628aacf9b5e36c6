"""The bundled Arabic typeface, and listings that let each title and excerpt take its own direction."""

import re
from pathlib import Path

import lxml.html
import pytest
from django.contrib.staticfiles import finders

from bayan.newsroom import demo
from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post

FACES = {400: "bayan/fonts/NotoNaskhArabic-Regular.woff2", 700: "bayan/fonts/NotoNaskhArabic-Bold.woff2"}
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def stylesheet():
    return Path(finders.find("bayan/site.css")).read_text(encoding="utf-8")


def covered(path):
    """The code points the font maps: from its cmap when fontTools is installed, else from the build's list."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        listed = path.with_suffix(".codepoints.txt").read_text(encoding="ascii")
        return {int(line, 16) for line in listed.split()}
    return set(TTFont(path).getBestCmap())


@pytest.mark.parametrize("name", FACES.values())
def test_each_face_is_a_small_woff2_served_from_the_site_with_its_licence(name):
    path = Path(finders.find(name))
    assert path.read_bytes()[:4] == b"wOF2"
    assert path.stat().st_size < 120_000
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence and "Noto Naskh Arabic" in licence


def test_the_faces_together_stay_small():
    assert sum(Path(finders.find(name)).stat().st_size for name in FACES.values()) < 120_000


@pytest.mark.parametrize("name", FACES.values())
def test_the_font_covers_every_arabic_letter_the_demo_writes(name):
    letters = set(ARABIC.findall(Path(demo.__file__).read_text(encoding="utf-8")))
    assert len(letters) > 30
    missing = {letter for letter in letters if ord(letter) not in covered(Path(finders.find(name)))}
    assert not missing, f"{name} lacks {sorted(missing)}"


def test_the_stylesheet_declares_each_face_with_swap_and_uses_it_for_arabic():
    css = stylesheet()
    faces = re.findall(r"@font-face\s*\{(.*?)\}", css, re.S)
    declared = {}
    for face in faces:
        assert re.search(r"font-display:\s*swap", face)
        assert "http" not in face, "the font is served by the site itself"
        weight = int(re.search(r"font-weight:\s*(\d+)", face).group(1))
        declared[weight] = re.search(r'url\("([^"]+)"\)', face).group(1)
        assert re.search(r'font-family:\s*"Bayan Naskh"', face)
    assert declared == {weight: name.removeprefix("bayan/") for weight, name in FACES.items()}
    arabic = re.search(r"^:lang\(ar\)\s*\{(.*?)\}", css, re.S | re.M).group(1)
    assert re.search(r'font-family:\s*"Bayan Naskh",', arabic)


def test_arabic_links_are_underlined_below_the_dots():
    rule = re.search(r"^a:lang\(ar\)\s*\{(.*?)\}", stylesheet(), re.S | re.M).group(1)
    assert "text-decoration-skip-ink: auto" in rule
    offset = float(re.search(r"text-underline-offset:\s*([\d.]+)em", rule).group(1))
    assert offset >= 0.3


@pytest.mark.django_db
def test_listed_titles_and_excerpts_take_the_direction_of_their_own_text(client):
    tag = tag_named("اعتقال الناشطين", language="ar")
    make_post("ar", "بيان عن الاعتقال", tags=[tag], body="<p>نص البيان.</p>")
    make_post("ar", "Joint statement on detained journalists", tags=[tag], body="<p>In English.</p>")
    for address in [
        "/ar/",
        "/ar/tag/%D8%A7%D8%B9%D8%AA%D9%82%D8%A7%D9%84-%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7%D9%8A%D9%86/",
    ]:
        response = client.get(address)
        assert response.status_code == 200
        entries = lxml.html.fromstring(response.content).xpath("//article[@class='entry']")
        assert len(entries) == 2
        for entry in entries:
            assert entry.xpath(".//h2[@class='entry-title']/a/@dir") == ["auto"]
            assert entry.xpath(".//p[@class='entry-excerpt']/@dir") == ["auto"]


@pytest.mark.django_db
def test_the_tag_index_lets_each_name_take_its_own_direction(client):
    make_post("ar", "بيان", tags=[tag_named("اعتقال الناشطين", language="ar"), tag_named("Pegasus", language="ar")])
    document = lxml.html.fromstring(client.get("/ar/tag/").content)
    assert document.xpath("//ul[@class='tag-index']/li/a/@dir") == ["auto", "auto"]
