"""The first pass: each file is read through once before anything is written.

It counts the items (for the progress bar), finds the file's first problem (a file
that cannot be imported is refused whole), names the site the export comes from,
and counts the languages its posts and pages are marked with, so that what becomes
of each language is decided before the first row is written.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from . import languages
from .reader import WXRError, read_records
from .values import is_placed


@dataclass
class Problem:
    message: str
    truncated: bool


@dataclass
class Scan:
    """What reading a file through found: its items, its first problem (None if it reads cleanly), its languages."""

    items: int
    problem: Problem | None
    source: str = ""
    channel_language: str = ""
    languages: Counter = field(default_factory=Counter)
    unmarked: int = 0
    # Polylang's names of its languages ("fa" is "فارسی"), from the ``language`` terms.
    language_names: dict = field(default_factory=dict)


def source_of(channel):
    """The site an export comes from, as every import record is keyed: its base address."""
    return (channel.get("base_site_url") or channel.get("link") or "").rstrip("/") or "unknown-site"


def scan(path):
    """Read a file through without writing anything: count its items and languages and find its first problem.

    A syntax error on the file's last line means the file was cut short: what comes
    before it can still be imported. Any other problem refuses the file.
    """
    found = Scan(0, None)
    try:
        for kind, record in read_records(path):
            if kind == "item":
                found.items += 1
                if is_placed(record.fields):
                    code = languages.mark(record)
                    if code is None:
                        found.unmarked += 1
                    else:
                        found.languages[code] += 1
            elif kind == "channel":
                found.source = source_of(record)
                found.channel_language = (record.get("language") or "").strip()
            elif kind == "term" and record.get("term_taxonomy") == "language" and record.get("term_slug"):
                found.language_names[record["term_slug"].lower()] = record.get("term_name", "")
    except WXRError as error:
        match = re.search(r", line (\d+)", str(error))
        last_line = _line_count(path)
        truncated = bool(match) and "not well-formed" in str(error) and int(match.group(1)) >= last_line
        found.problem = Problem(str(error), truncated)
    return found


def _line_count(path):
    lines = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return lines + 1
