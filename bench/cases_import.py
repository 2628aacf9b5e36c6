#!/usr/bin/env python3
"""Case spreadsheet import speed: `bayan import-cases` on 10,000 persons and 50,000 events.

    .venv/bin/python bench/cases_import.py [--persons 10000] [--events 50000] [--seed 16]

Generates the two CSV files (seeded, so every run imports the same rows) into
/tmp/bayan-bench/cases-<persons>-<events>/, migrates a fresh SQLite data directory there,
times `bayan import-cases` into it (the whole command, Python's start included) and prints
rows per second of wall-clock time and of processor time (on a shared, busy machine the
second is the steadier figure); then imports the same files again, which must find every
row unchanged.
The target is 2,000 rows per second (docs/benchmarks.md).
"""

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/bayan-bench")
# The import's columns (bayan/cases/records.py), written here so that the script needs no Django set up.
PERSON_COLUMNS = "id name_en name_ar aliases gender roles affiliation visibility bio_en bio_ar".split()
EVENT_COLUMNS = "id persons type date precision end_date place responsible sources note".split()

GIVEN = [("Rana", "رنا"), ("Omar", "عمر"), ("Lina", "لينا"), ("Sami", "سامي"), ("Dana", "دانا"), ("Karim", "كريم"),
         ("Maya", "مايا"), ("Fadi", "فادي"), ("Huda", "هدى"), ("Nabil", "نبيل"), ("Salma", "سلمى"), ("Tarek", "طارق")]
FAMILY = [("Qasim", "قاسم"), ("Haddad", "حداد"), ("Saleh", "صالح"), ("Najjar", "النجار"), ("Aziz", "عزيز"),
          ("Khatib", "الخطيب"), ("Darwish", "درويش"), ("Mansour", "منصور"), ("Halabi", "الحلبي"), ("Zein", "زين")]
ROLES = ["journalist", "media-worker", "citizen-journalist", "blogger", "lawyer", "human-rights-defender", "activist",
         "software-developer"]
PLACES = ["Valley Town", "North Port", "Hill City", "River Bend", "Old Market"]
# A timeline's steps: deprived of liberty, maybe moved and tried, then released or worse.
STEPS = ["arrested", "transferred", "charged", "tried", "sentenced", "released", "arrested", "abducted", "disappeared",
         "released", "killed", "death_confirmed", "other"]


def written(day, rng):
    """A date as a spreadsheet holds it: mostly to the day, some to the month or the year."""
    precision = rng.choices(["day", "month", "year"], weights=[8, 3, 1])[0]
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


def generate(directory, persons, events, seed):
    """Write persons.csv and events.csv with ``persons`` and ``events`` rows into ``directory``."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "persons.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(PERSON_COLUMNS)
        for number in range(1, persons + 1):
            (given_en, given_ar), (family_en, family_ar) = rng.choice(GIVEN), rng.choice(FAMILY)
            writer.writerow([f"P{number}", f"{given_en} {family_en}", f"{given_ar} {family_ar}",
                             f"{given_en} {family_en[:3]}.", rng.choice(["female", "male", ""]),
                             "|".join(rng.sample(ROLES, rng.randint(0, 2))), "", rng.choices(
                                 ["public", "internal"], weights=[30, 1])[0], f"Case number {number}.", ""])
    with open(directory / "events.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(EVENT_COLUMNS)
        for number in range(1, events + 1):
            # A group event now and then, as when several were abducted together.
            size = rng.choices([1, 2, 4], weights=[20, 3, 1])[0]
            involved = {f"P{rng.randint(1, persons)}" for _person in range(size)}
            day = date(2011, 1, 1) + timedelta(days=rng.randint(0, 14 * 365))
            source = f"https://example.org/reports/{number}" if rng.random() < 0.3 else ""
            writer.writerow([f"E{number}", "|".join(sorted(involved)), rng.choice(STEPS), written(day, rng), "", "",
                             rng.choice(PLACES), "", source, ""])


def timed_import(bayan, files, environment, output):
    """Run the import; its wall-clock seconds and its processor seconds (what a busy shared machine cannot inflate)."""
    started = time.perf_counter()
    with open(output, "w+") as out:
        importing = subprocess.Popen([bayan, "import-cases", *map(str, files)], env=environment, stdout=out,
                                     stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(importing.pid, 0)
        out.seek(0)
        report = out.read()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"the import failed:\n{report[-3000:]}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=10000, help="persons to generate (default 10000)")
    parser.add_argument("--events", type=int, default=50000, help="events to generate (default 50000)")
    parser.add_argument("--seed", type=int, default=16, help="the generator's seed (default 16)")
    args = parser.parse_args()
    if args.persons < 1 or args.events < 0:
        parser.error("--persons must be at least 1 and --events at least 0")
    directory = WORK / f"cases-{args.persons}-{args.events}"
    files = [directory / "persons.csv", directory / "events.csv"]
    generate(directory, args.persons, args.events, args.seed)
    data = directory / "data"
    shutil.rmtree(data, ignore_errors=True)
    environment = dict(os.environ, BAYAN_DATA_DIR=str(data))
    environment.pop("DATABASE_URL", None)
    bayan = str(ROOT / ".venv" / "bin" / "bayan")
    subprocess.run([bayan, "migrate", "-v0"], env=environment, check=True)
    rows = args.persons + args.events
    for run in ("first import", "again (unchanged)"):
        seconds, processor, report = timed_import(bayan, files, environment, directory / "report.txt")
        own = re.search(r"\(([\d,]+) rows in ([\d.]+) s", report)
        print(f"{run}: rows: {rows:,}  seconds: {seconds:.1f}  rows/s: {rows / seconds:,.0f}  "
              f"processor seconds: {processor:.1f}  rows per processor second: {rows / processor:,.0f}  "
              f"(the import alone, without Python's start: {own.group(2)} s)")
        print(report.rstrip())


if __name__ == "__main__":
    main()
