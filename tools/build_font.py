"""Build the bundled Arabic typeface from Debian's fonts-noto-core.

Subsets Noto Naskh Arabic (SIL Open Font License 1.1) to the Arabic blocks, Basic Latin
and common punctuation, as woff2, into bayan/static/bayan/fonts/, and writes the list of
code points the result covers (read back from its cmap) next to it, so the tests can check
coverage without fontTools installed.

Needs fontTools and brotli, for building only (not at install or CI time):

    sudo apt-get install -y fonts-noto-core
    python3 -m venv /tmp/fontbuild && /tmp/fontbuild/bin/pip install fonttools brotli
    /tmp/fontbuild/bin/python tools/build_font.py
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/noto")
LICENCE = Path("/usr/share/doc/fonts-noto-core/copyright")
OUTPUT = ROOT / "bayan" / "static" / "bayan" / "fonts"
FACES = ["NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"]
UNICODES = ",".join(
    [
        "U+0020-007E",  # Basic Latin
        "U+00A0",  # no-break space
        "U+00AB,U+00BB",  # guillemets
        "U+0600-06FF",  # Arabic
        "U+0750-077F",  # Arabic Supplement
        "U+200C-200F",  # ZWNJ, ZWJ, LRM, RLM
        "U+2010-2015,U+2018-201F,U+2026,U+2039,U+203A",  # dashes, quotes, ellipsis
        "U+FB50-FDFF",  # Arabic Presentation Forms-A
        "U+FE70-FEFF",  # Arabic Presentation Forms-B
    ]
)


def build(face, output):
    target = output / f"{face}.woff2"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "fontTools.subset",
            str(SOURCE / f"{face}.ttf"),
            f"--unicodes={UNICODES}",
            "--flavor=woff2",
            "--layout-features=*",
            "--no-hinting",
            "--desubroutinize",
            "--name-IDs=*",
            f"--output-file={target}",
        ],
        check=True,
    )
    from fontTools.ttLib import TTFont

    covered = sorted(TTFont(target).getBestCmap())
    (output / f"{face}.codepoints.txt").write_text("".join(f"{code:04X}\n" for code in covered), encoding="ascii")
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes, {len(covered)} code points")


def write_licence(output):
    """OFL.txt: the copyright of the Noto fonts and the OFL's text, from Debian's copyright file."""
    lines = LICENCE.read_text(encoding="utf-8").splitlines()
    start = len(lines) - 1 - lines[::-1].index("License: OFL-1.1")  # the stand-alone paragraph
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    heading = (
        "Noto Naskh Arabic\n"
        "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.\n"
        "Source: https://github.com/googlei18n/noto-fonts (Debian package fonts-noto-core)\n"
        "Subset by tools/build_font.py; the subset keeps the name Noto Naskh Arabic, which the\n"
        "licence allows because Noto declares no Reserved Font Name.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
        "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007\n\n"
    )
    (output / "OFL.txt").write_text(heading + "\n".join(body).rstrip() + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    arguments.output.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        build(face, arguments.output)
    write_licence(arguments.output)


if __name__ == "__main__":
    main()
