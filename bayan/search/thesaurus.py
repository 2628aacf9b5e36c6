"""Equivalent words: the groups shipped with Bayan (equivalents.txt) and the editors' own."""

from pathlib import Path

from .analysis import analyse_word, words

DEFAULTS = Path(__file__).with_name("equivalents.txt")


def default_groups():
    """(label, [word, ...]) for each group in equivalents.txt."""
    groups = []
    for line in DEFAULTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, _, members = line.partition(":")
        groups.append((label.strip(), [member.strip() for member in members.split(",") if member.strip()]))
    return groups


def stems_of(members):
    """The analysed stems of a group's words, space-padded for a containment lookup."""
    return " " + " ".join(sorted({analyse_word(word)[0] for member in members for word in words(member)})) + " "


def mapping(groups):
    """Map each stem to every word of the groups it belongs to."""
    result = {}
    for members in groups:
        found = [word for member in members for word in words(member)]
        for word in found:
            result.setdefault(analyse_word(word)[0], set()).update(found)
    return result
