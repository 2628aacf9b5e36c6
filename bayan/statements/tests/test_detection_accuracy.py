"""Detection on hand-made joint statements in both languages: recall and precision of the names found."""

import json
from pathlib import Path

from bayan.statements.detection import find_list

SAMPLES = json.loads((Path(__file__).parent / "detection_samples" / "statements.json").read_text(encoding="utf-8"))


def test_the_samples_cover_both_languages_and_enough_names():
    expected = sum(len(sample["expected"]) for sample in SAMPLES)
    languages = {sample["title"][:2] for sample in SAMPLES}
    assert len(SAMPLES) >= 30 and expected >= 400 and languages == {"en", "ar"}


def test_at_least_95_percent_found_and_at_most_one_wrong_name_in_twenty():
    expected_total = proposed_total = right = 0
    misses = []
    for sample in SAMPLES:
        found = [name for name, _ in find_list(sample["html"])]
        expected = sample["expected"]
        hits = len(set(found) & set(expected))
        expected_total += len(expected)
        proposed_total += len(found)
        right += hits
        if hits != len(expected) or hits != len(found):
            misses.append((sample["title"], sorted(set(expected) ^ set(found))[:4]))
    recall = right / expected_total
    precision = right / proposed_total
    assert recall >= 0.95 and precision >= 0.95, (
        f"recall {recall:.3f}, precision {precision:.3f}; samples off: {misses}")
