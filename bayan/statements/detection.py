"""Find the trailing list of signatories in a post's body, as imported from WordPress.

Joint statements typed by hand end with their signatories after a cue ("The undersigned
organisations:", "Signed by", «المنظمات الموقعة») as a list, one name a paragraph, one a
line, or names separated by commas or «،». ``detect(html, organisations)`` reads the body
(Wagtail rich text keeps ``<p>``, ``<li>`` and ``<br>``), takes the last cue followed by a run
of names, and returns the names in order, cleaned and matched to existing organisations.

Pure functions: nothing is stored; editors decide what becomes of a proposal.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bayan.search.analysis import normalise
from bayan.statements.matching import CLOSE, SAME, matches

# Cues as ``normalise`` writes them (Arabic orthography unified, Latin case folded).
CUES = tuple(normalise(cue) for cue in (
    "undersigned", "signatories", "signed by", "signing organisations", "signing organizations",
    "signatory organisations", "signatory organizations", "organisations signing", "organizations signing",
    "الموقعة", "الموقعون", "الموقعين", "الموقّعة", "الموقّعون", "الموقّعين", "المنظمات الموقعة",
))
# Lines that end a list: how to reach the authors, the end of a release.
STOP_OPENINGS = tuple(normalise(opening) for opening in (
    "for more information", "for further information", "more information", "for media", "media contact",
    "contact", "press contact", "notes to editors", "ends",
    "للمزيد", "لمزيد", "للتواصل", "للاستفسار", "للاستفسارات", "انتهى", "للاتصال",
))
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "tr"}
MAX_NAME_WORDS = 14
MAX_ARABIC_NAME_WORDS = 10
MAX_NAME_LENGTH = 160
NUMBERING = re.compile(r"^\s*(?:\(?\d{1,3}\s*[.)\-–:]|\(?[٠-٩]{1,3}\s*[.)\-–:]|[-–—•*·▪●])\s*")
TRAILING = re.compile(r"[\s.;,،؛:]+$")
PARENTHESIS = re.compile(r"\s*[(\[]([^()\[\]]{1,80})[)\]]\s*$")
COMMAS = re.compile(r"\s*[,،؛;]\s*")
# Words an Arabic organisation's name starts with, so that a «و» glued to one after «،» is "and".
ARABIC_NAME_OPENINGS = frozenset(normalise(word) for word in (
    "جمعية", "مركز", "مرصد", "منظمة", "شبكة", "اتحاد", "نقابة", "مؤسسة", "رابطة", "هيئة", "لجنة",
    "مبادرة", "حملة", "تحالف", "منتدى", "ملتقى", "مجموعة", "معهد", "مجلس", "نادي", "دار", "بيت",
    "حركة", "الجمعية", "المركز", "المرصد", "المنظمة", "الشبكة", "الاتحاد", "النقابة", "المؤسسة",
    "الرابطة", "الهيئة", "اللجنة", "المبادرة", "الحملة", "التحالف", "المنتدى", "الملتقى", "المجموعة",
    "المعهد", "المجلس", "النادي", "الحركة", "أصوات", "صوت", "مختبر", "مكتب", "فريق", "تجمع", "منبر",
))
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’&-]*")
SMALL_WORDS = frozenset({"of", "for", "the", "and", "in", "on", "to", "a", "an", "de", "du", "des", "la", "le",
                         "les", "et", "at", "by", "with", "sans", "pour"})


@dataclass
class DetectedName:
    """One name of a detected list: its place, the cleaned name, a hint set aside, its matches."""

    position: int
    name: str
    hint: str = ""
    matches: list = field(default_factory=list)

    @property
    def proposed(self):
        """The organisation proposed for this name: the best match when it is the same or close."""
        best = self.matches[0] if self.matches else None
        return best.organisation if best and best.grade in (SAME, CLOSE) else None


class _Blocks(HTMLParser):
    """A body's text as blocks (paragraphs, list items), each a list of lines split at ``<br>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._lines = [""]

    def _close_block(self):
        lines = [line.strip() for line in self._lines if line.strip()]
        if lines:
            self.blocks.append(lines)
        self._lines = [""]

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._lines.append("")
        elif tag in BLOCK_TAGS or tag in ("ul", "ol"):
            self._close_block()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS or tag in ("ul", "ol"):
            self._close_block()

    def handle_data(self, data):
        self._lines[-1] += data.replace("\n", " ")

    def close(self):
        super().close()
        self._close_block()


def text_blocks(html):
    """The blocks of a rich-text body, each a list of its lines."""
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    return [[" ".join(line.split()) for line in block] for block in parser.blocks]


def has_cue(text):
    """Whether a line names signatories ("undersigned", «الموقعة» ...)."""
    normalised = normalise(text)
    return any(cue in normalised for cue in CUES)


def is_stop_line(text):
    """Whether a line ends the list: a contact, "for more information", an address."""
    normalised = normalise(text).strip(" -–—*:#")
    if "@" in normalised or "http" in normalised or "www." in normalised:
        return True
    return normalised.startswith(STOP_OPENINGS)


def clean(name):
    """A name without its numbering or bullet, trailing punctuation, and a trailing parenthesis set aside."""
    name = NUMBERING.sub("", name.strip(" \u200f\u200e\t"))
    name = TRAILING.sub("", name)
    hint = ""
    found = PARENTHESIS.search(name)
    if found:
        hint = found.group(1).strip()
        name = TRAILING.sub("", name[:found.start()])
    return name.strip(" \"'«»“”"), hint


def looks_like_name(name):
    """Whether a cleaned line reads as a name rather than a sentence."""
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_LENGTH:
        return False
    if re.search(r"[.!?؟]\s+\S", name):
        return False  # two sentences
    latin = [word for word in LATIN_WORD.findall(name) if word.lower() not in SMALL_WORDS]
    if latin:
        capitalised = sum(1 for word in latin if word[0].isupper() or word[0].isdigit())
        return capitalised * 3 >= len(latin) * 2
    return len(words) <= MAX_ARABIC_NAME_WORDS


def _without_and(part, first):
    """A list part without the "and" / «و» that joins it to the one before."""
    if first:
        return part
    part = re.sub(r"^(?:and|&)\s+", "", part, flags=re.IGNORECASE)
    part = re.sub(r"^و\s+", "", part)
    if part.startswith("و") and normalise(part[1:].split(" ")[0]) in ARABIC_NAME_OPENINGS:
        part = part[1:]
    return part


def _split_last_and(parts):
    """"A, B and C": the last part split at its "and" / « و » when both sides read as names."""
    last = parts[-1]
    english = re.split(r"\s+(?:and|&)\s+", last)
    if len(english) == 2 and all(len(side.split()) >= 2 for side in english):
        return parts[:-1] + english
    for joint in reversed(list(re.finditer(r"\s+و\s*(?=\S)", last))):
        following = normalise(last[joint.end():].split(" ")[0])
        if following in ARABIC_NAME_OPENINGS:
            return parts[:-1] + [last[:joint.start()], last[joint.end():]]
    return parts


def split_line(line):
    """The names of one line: one, or several separated by commas or «،» (and "and" before the last)."""
    parts = [part for part in COMMAS.split(line) if part.strip()]
    if len(parts) < 2:
        return [line]
    parts = [_without_and(part, place == 0) for place, part in enumerate(parts)]
    return _split_last_and(parts)


def _names_after(blocks, start, inline):
    """The run of names from ``inline`` (the cue line's text after its colon) and the blocks after ``start``."""
    lines = ([inline] if inline else []) + [line for block in blocks[start + 1:] for line in block]
    names = []
    for line in lines:
        if is_stop_line(line):
            break
        if line.rstrip().endswith(".") and len(line.split()) > MAX_ARABIC_NAME_WORDS and not COMMAS.search(line):
            break  # a closing sentence, not one more name
        found = [clean(part) for part in split_line(line)]
        found = [(name, hint) for name, hint in found if name]
        if not found or not all(looks_like_name(name) for name, _ in found):
            break
        names.extend(found)
    return names


def _cue_line(block):
    """The part of a cue block after its cue's colon, or None when the block is not a short cue."""
    text = " ".join(block)
    if not has_cue(text):
        return None
    head, colon, rest = text.partition(":")
    if colon:
        return rest.strip() if len(head.split()) <= 15 else None
    return "" if len(text.split()) <= 6 else None


def find_list(html):
    """The signatories' names of the body's last cue followed by a run of names, as (name, hint) pairs."""
    blocks = text_blocks(html)
    for start in range(len(blocks) - 1, -1, -1):
        inline = _cue_line(blocks[start])
        if inline is None:
            continue
        names = _names_after(blocks, start, inline)
        if len(names) >= 2:
            return names
    return []


def detect(html, organisations=()):
    """The trailing list of signatories in ``html``, each name matched to ``organisations``."""
    organisations = list(organisations)
    return [DetectedName(position, name, hint, matches(name, organisations) if organisations else [])
            for position, (name, hint) in enumerate(find_list(html))]
