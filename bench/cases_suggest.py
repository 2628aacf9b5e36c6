#!/usr/bin/env python3
"""How long suggesting persons for a 900-word post takes with 10,000 persons: milliseconds per post.

    .venv/bin/python bench/cases_suggest.py [--persons 10000] [--words 900] [--runs 50]

The issue asks for under 50 ms. This times the matching itself, in memory and without a
database: the name index of ``bayan.cases.suggestions`` built from seeded fictional persons
(names in both scripts, half with an alias, combined from bench/cases.py's lists so that
names repeat as in real records), then ``find()`` over a post in English and one in Arabic
that each name six persons among filler sentences (the Arabic names with a preposition or a
conjunction in front). Reading the few persons found takes one query more in ``suggest()``.
bench/cases.py measures the same on the full corpus, through the database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARABIC_FILLER = ("لم تتلق العائلة أي معلومات رسمية عن مكان الاحتجاز ومنع المحامون من الاطلاع على ملف القضية"
                 " ولم توجه أي تهمة ولم تنظر أي محكمة في الاحتجاز").split()


def persons(count, rng):
    """(id, match_terms, English name, Arabic name) for ``count`` seeded persons."""
    from cases import FAMILIES, FEMALE, MALE

    from bayan.cases.names import name_tokens

    made = []
    for number in range(1, count + 1):
        (first_en, first_ar), (family_en, family_ar) = rng.choice(FEMALE + MALE), rng.choice(FAMILIES)
        names = [f"{first_en} {family_en}", f"{first_ar} {family_ar}"]
        if rng.random() < 0.5:
            names.append(f"{first_en} al-{family_en}")
        terms = "\n".join(" ".join(name_tokens(name)) for name in names)
        made.append((number, terms, names[0], names[1]))
    return made


def post(named, filler, words, rng, prefixes=("",)):
    """A post of about ``words`` words naming each of ``named`` once, spread through it."""
    text = []
    share = words // (len(named) + 1)
    for name in named:
        text += [rng.choice(filler) for _ in range(share - len(name.split()))]
        text += [rng.choice(prefixes) + name.split()[0], *name.split()[1:]]
    text += [rng.choice(filler) for _ in range(words - len(text))]
    return " ".join(text)


def timed(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return result, statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=900)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bayan.settings_test")
    import django

    django.setup()
    from cases import FILLER

    from bayan.cases.suggestions import NameIndex
    from bayan.search.thesaurus import default_groups

    rng = random.Random(900)
    everyone = persons(args.persons, rng)
    started = time.perf_counter()
    index = NameIndex([(pk, terms) for pk, terms, _en, _ar in everyone], [members for _label, members in
                                                                           default_groups()])
    print(f"name index of {args.persons:,} persons built in {(time.perf_counter() - started) * 1000:.0f} ms")
    chosen = rng.sample(everyone, 6)
    posts = {"English": post([en for _pk, _terms, en, _ar in chosen], FILLER, args.words, rng),
             "Arabic": post([ar for _pk, _terms, _en, ar in chosen], ARABIC_FILLER, args.words, rng,
                            prefixes=("", "ل", "و", "ب"))}
    for language, text in posts.items():
        found, median, slowest = timed(lambda text=text: index.find(text), args.runs)
        print(f"{language} post of {len(text.split())} words: {median:.1f} ms per post (slowest {slowest:.1f} ms), "
              f"{len(found)} persons found (six names, shared by others of the same name)")


if __name__ == "__main__":
    main()
