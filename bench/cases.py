#!/usr/bin/env python3
"""Case records at scale: person pages and the persons index against the tag page, the import, the suggestions.

    .venv/bin/python bench/cases.py [--posts 10000] [--persons 10000] [--events 50000] [--duration 15]

The issue asks, with 10,000 persons and 50,000 events on top of the 10,000-post corpus: a
person page and the persons index page 3 (filtered by status) uncached at no less than the
tag page 3's requests per second measured in the same run; ``bayan import-cases`` at
2,000 rows/s or more; suggestions for a 900-word post under 50 ms.

Steps, all on this machine and on loopback:
1. the standard corpus imported by this checkout, as bench/against_revision.py keeps it
   (/tmp/bayan-bench/now-<posts>; generated and imported when missing);
2. a copy of it under /tmp/bayan-bench/cases-<posts>-<persons>-<events>/ with seeded,
   fictional case records written in bulk: persons in both scripts with aliases and roles
   (one in thirty internal), timelines of arrests, releases, re-arrests, abductions and deaths
   at day, month and year precision, some events shared by several persons, and each public
   person linked to up to four posts; statuses derived as the admin derives them (kept for
   later runs);
3. that copy served without the page cache on port 8006, loaded with ../shared/bench/load.py:
   the tag page 3, person pages, and the persons index page 3 filtered by status, alternately;
   the ratios of the case pages to the tag page are printed;
4. the same records written as the two spreadsheets and imported with ``bayan import-cases``
   into a fresh data directory (timed: rows per second);
5. the suggestions for a 900-word post that names six persons, against all the persons (median
   of 20, after the name index is built once).
Every process it starts is stopped at the end, also on Ctrl-C or failure.
"""

import argparse
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from against_revision import PYTHON, code_environment, ensure_prerequisites, imported
from reader_pages import ROOT, SHARED_BENCH, WORK, Bench, ensure_corpus, wait_for

PORT = 8006
# Fictional names, (English, Arabic); combined at random, so names repeat as they do in real records.
FEMALE = [("Amal", "أمل"), ("Rasha", "رشا"), ("Hiba", "هبة"), ("Lama", "لمى"), ("Nada", "ندى"), ("Reem", "ريم"),
          ("Salwa", "سلوى"), ("Maha", "مها"), ("Dima", "ديما"), ("Rana", "رنا"), ("Zeina", "زينة"), ("Aya", "آية"),
          ("Noura", "نورة"), ("Layla", "ليلى"), ("Hanan", "حنان"), ("Suad", "سعاد"), ("Wafa", "وفاء"), ("Ruba", "ربى")]
MALE = [("Adel", "عادل"), ("Bashir", "بشير"), ("Fares", "فارس"), ("Ghassan", "غسان"), ("Hadi", "هادي"),
        ("Imad", "عماد"), ("Jamal", "جمال"), ("Kamal", "كمال"), ("Majd", "مجد"), ("Nizar", "نزار"), ("Qais", "قيس"),
        ("Raed", "رائد"), ("Saleh", "صالح"), ("Tamim", "تميم"), ("Walid", "وليد"), ("Yamen", "يامن"), ("Ziad", "زياد"),
        ("Hazem", "حازم")]
FAMILIES = [("Haddad", "حداد"), ("Khoury", "خوري"), ("Nahhas", "النحاس"), ("Qassab", "قصاب"), ("Attar", "العطار"),
            ("Dabbagh", "الدباغ"), ("Sabbagh", "الصباغ"), ("Najjar", "النجار"), ("Hallaq", "الحلاق"),
            ("Kayyal", "الكيال"), ("Bitar", "البيطار"), ("Sharabi", "الشرابي"), ("Tahhan", "الطحان"),
            ("Jabban", "الجبان"), ("Sarraf", "الصراف"), ("Khayyat", "الخياط"), ("Farran", "الفران"),
            ("Qattan", "القطان"), ("Halawani", "الحلواني"), ("Zayyat", "الزيات"), ("Saati", "الساعاتي"),
            ("Hammami", "الحمامي"), ("Fahham", "الفحام"), ("Samman", "السمان")]
PLACES = ["Damascus", "Aleppo", "Homs", "Hama", "Douma", "Idlib", "Daraa", "Latakia", "Raqqa", "Deir ez-Zor",
          "Tartus", "Qamishli", "Suwayda", "Jableh", "Manbij", "Zabadani"]
RESPONSIBLE = ["military intelligence", "an armed group", "the criminal security police", "unidentified gunmen",
               "state security", ""]
DEPRIVING = ["arrested", "abducted", "disappeared", "detained"]
WHILE_HELD = ["charged", "tried", "sentenced", "transferred", "other"]
FILLER = ("The family has received no official information about the place of detention. Lawyers have been "
          "refused access to the case file and to their client. No charge has been brought, and no court has "
          "reviewed the detention. Witnesses say the arrest took place without a warrant and in front of "
          "neighbours. Every day of silence adds to the suffering of families who wait for news. ").split()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--persons", type=int, default=10000, help="persons to write (default 10000)")
    parser.add_argument("--events", type=int, default=50000, help="events to write (default 50000)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds, best kept (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--json", default=str(WORK / "cases.json"), help="where to write the figures")
    parser.add_argument("--inside", choices=["build", "export", "suggest"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return inside_django(args)
    if args.posts < 100 or args.persons < 100 or args.events < args.persons:
        parser.error("at least 100 posts and 100 persons, and no fewer events than persons")
    ensure_prerequisites([PORT])
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    figures = {}
    try:
        corpus = ensure_corpus(args.posts)
        env, build_seconds = with_case_records(corpus, args)
        figures["build_seconds"] = build_seconds
        figures["pages"] = load_pages(bench, env, corpus, args)
        bench.stop_all()
        figures["import"] = import_spreadsheets(env, args)
        figures["suggestions"] = json.loads(inside(env, "suggest").stdout)
    finally:
        bench.stop_all()
    report(figures, args)


def with_case_records(corpus, args):
    """The environment of a copy of the imported corpus with the case records written in; the build's seconds."""
    source = WORK / f"now-{args.posts}"
    imported(ROOT, corpus, source.name, PORT)
    data = WORK / f"cases-{args.posts}-{args.persons}-{args.events}"
    env = code_environment(ROOT, data, PORT)
    marker = data / "cases-built"
    if not marker.exists():
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(source, data)
        subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        inside(env, "build")
        marker.write_text(f"{time.perf_counter() - started:.1f}")
    subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=env, check=True)
    return env, float(marker.read_text())


def inside(env, step, *extra):
    """Run one ``step`` of this script inside Django, on ``env``'s data directory."""
    argv = [PYTHON, __file__, "--inside", step, *extra]
    return subprocess.run(argv, env=env, check=True, capture_output=step == "suggest", text=True)


def load_pages(bench, env, corpus, args):
    """The tag page 3, person pages and the persons index page 3 by status, uncached, alternately."""
    data = Path(env["BAYAN_DATA_DIR"])
    urls = json.loads((corpus / "urls.json").read_text())
    mix = {"tag_page3": urls["mix"]["bayan"]["tag_page3"],
           "person": (data / "person-paths.txt").read_text().split(),
           "person_index": [f"/{language}/person/page/3/?status={status}" for language in ("en", "ar")
                            for status in ("detained", "missing", "released", "dead")]}
    folder = Path(tempfile.mkdtemp(prefix="cases-mix-", dir=WORK))
    (folder / "urls.json").write_text(json.dumps({**urls, "mix": {"bayan": mix}}))
    bench.start([PYTHON, "-m", "bayan.cli", "serve", "--workers", str(args.workers), "--no-scheduler",
                 "--port", str(PORT)], env, WORK / f"cases-{PORT}.log")
    wait_for(f"http://127.0.0.1:{PORT}/en/person/")
    output = WORK / "cases-load.json"
    subprocess.run([sys.executable, SHARED_BENCH / "load.py", "--corpus", folder,
                    "--target", f"bayan=http://127.0.0.1:{PORT}", "--kinds", ",".join(mix),
                    "--duration", str(args.duration), "--rounds", str(args.rounds), "--json", output], check=True)
    return {row["kind"]: row for row in json.loads(output.read_text())}


def import_spreadsheets(env, args):
    """The records as the two spreadsheets, imported into an empty newsroom: seconds and rows per second."""
    folder = WORK / f"cases-csv-{args.persons}-{args.events}"
    folder.mkdir(exist_ok=True)
    inside(env, "export", "--out", str(folder))
    fresh = WORK / "cases-import"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh_env = code_environment(ROOT, fresh, PORT)
    subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=fresh_env, check=True)
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "bayan.cli", "import-cases", str(folder / "persons.csv"), str(folder / "events.csv")],
                   env=fresh_env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    rows = sum(1 for _ in open(folder / "persons.csv", encoding="utf-8")) - 1
    rows += sum(1 for _ in open(folder / "events.csv", encoding="utf-8")) - 1
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def report(figures, args):
    pages = figures["pages"]
    tag = pages["tag_page3"]["rps"]
    print(f"\n{args.persons} persons, {args.events} events on {args.posts} posts "
          f"(records written in {figures['build_seconds']:.0f} s)")
    for kind in ("tag_page3", "person", "person_index"):
        row = pages[kind]
        print(f"{kind:13} {row['rps']:8.1f} req/s  p50 {row['p50']:6.1f} ms  p99 {row['p99']:6.1f} ms  "
              f"non-2xx {row['non2xx']}  ratio to the tag page {row['rps'] / tag:.2f}")
    imported_rows = figures["import"]
    print(f"import-cases  {imported_rows['rows']} rows in {imported_rows['seconds']} s: "
          f"{imported_rows['rows_per_second']} rows/s")
    suggestions = figures["suggestions"]
    print(f"suggestions   {suggestions['words']}-word post: median {suggestions['median_ms']:.1f} ms, "
          f"slowest {suggestions['max_ms']:.1f} ms (name index built once in {suggestions['index_ms']:.0f} ms)")
    Path(args.json).write_text(json.dumps(figures, indent=1))


# --- Steps run inside Django (``--inside``), on the data directory of BAYAN_DATA_DIR. ---

def inside_django(args):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bayan.settings")
    import django

    django.setup()
    {"build": build_records, "export": export_spreadsheets, "suggest": time_suggestions}[args.inside](args)


def build_records(args):
    """Seeded persons and events written in bulk, statuses derived, posts linked; the person paths to load."""
    from django.db import transaction

    from bayan.cases.models import Person

    rng = random.Random(16)
    with transaction.atomic():
        persons = _write_persons(rng, args.persons)
        _write_events(rng, persons, args.events)
        _derive_statuses([person.pk for person in persons])
        _link_posts(rng, persons)
    public = list(Person.objects.visible_to_readers().order_by("?").values_list("slug", flat=True)[:200])
    paths = [f"/{'en' if number % 2 else 'ar'}/person/{slug}/" for number, slug in enumerate(public)]
    (Path(os.environ["BAYAN_DATA_DIR"]) / "person-paths.txt").write_text("\n".join(paths))


def _write_persons(rng, count):
    from bayan.cases.models import Person, Role, Visibility
    from bayan.cases.names import match_terms

    roles = list(Role.objects.values_list("pk", flat=True))
    persons = []
    for number in range(1, count + 1):
        female = rng.random() < 0.4
        (first_en, first_ar), (family_en, family_ar) = rng.choice(FEMALE if female else MALE), rng.choice(FAMILIES)
        person = Person(
            record_id=f"P{number:06d}", slug=f"{first_en}-{family_en}-{number}".lower(),
            name_en=f"{first_en} {family_en}", name_ar=f"{first_ar} {family_ar}",
            aliases=f"{first_en} al-{family_en}" if rng.random() < 0.5 else "",
            gender="female" if female else "male", affiliation=rng.choice(["", "Sada Radio", "Qalam Weekly"]),
            bio_en=f"{first_en} {family_en} is a person of concern (record {number}).",
            bio_ar=f"{first_ar} {family_ar} من الأشخاص الذين نتابع قضاياهم (السجل {number}).",
            visibility=Visibility.INTERNAL if number % 30 == 0 else Visibility.PUBLIC)
        person.match_terms = match_terms(person)
        persons.append(person)
    persons = Person.objects.bulk_create(persons, batch_size=2000)
    Person.roles.through.objects.bulk_create(
        [Person.roles.through(person_id=person.pk, role_id=role) for person in persons
         for role in rng.sample(roles, rng.randint(1, 2))], batch_size=5000)
    return persons


def _write_events(rng, persons, count):
    """``count`` events: timelines of three to seven events on average; one in twenty-five shared by others."""
    from bayan.cases.models import Event

    per_person = [count // len(persons)] * len(persons)
    for index in range(count % len(persons)):
        per_person[index] += 1
    for index in range(0, len(persons) - 1, 2):
        moved = rng.randint(0, min(2, per_person[index + 1] - 1))
        per_person[index] += moved
        per_person[index + 1] -= moved
    events, involved = [], []
    for person, length in zip(persons, per_person, strict=True):
        for kind, day, precision in _timeline(rng, length):
            events.append(Event(record_id=f"E{len(events) + 1:07d}", type=kind, date=day, precision=precision,
                                place=rng.choice(PLACES), responsible=rng.choice(RESPONSIBLE)))
            others = rng.sample(persons, rng.randint(1, 3)) if rng.random() < 0.04 else []
            involved.append([person, *(other for other in others if other.pk != person.pk)])
    events = Event.objects.bulk_create(events, batch_size=5000)
    Event.persons.through.objects.bulk_create(
        [Event.persons.through(event_id=event.pk, person_id=person.pk)
         for event, persons_of_event in zip(events, involved, strict=True) for person in persons_of_event],
        batch_size=5000)


def _timeline(rng, length):
    """(type, first day, precision) of one person's events in order: held, freed, held again, sometimes dead."""
    day = date(2011, 3, 1) + timedelta(days=rng.randint(0, 365 * 6))
    state = "free"
    for _ in range(length):
        if state == "free":
            kind = rng.choice(DEPRIVING)
        elif state == "dead":
            kind = rng.choice(["death_confirmed", "other"])
        else:
            roll = rng.random()
            kind = "released" if roll < 0.3 else rng.choice(["killed", "executed", "died_in_custody"]) \
                if roll < 0.36 else rng.choice(WHILE_HELD)
        state = "free" if kind == "released" else "dead" if kind in ("killed", "executed", "died_in_custody") \
            else "held" if kind in DEPRIVING else state
        roll = rng.random()
        if roll < 0.85:
            yield kind, day, "day"
        elif roll < 0.95:
            yield kind, day.replace(day=1), "month"
        else:
            yield kind, day.replace(month=1, day=1), "year"
        day += timedelta(days=rng.randint(10, 300))


def _derive_statuses(person_ids):
    from bayan.cases.models import DERIVED_FIELDS, Person

    for start in range(0, len(person_ids), 2000):
        chunk = list(Person.objects.filter(pk__in=person_ids[start:start + 2000]).prefetch_related("events"))
        for person in chunk:
            person.refresh_status(save=False)
        Person.objects.bulk_update(chunk, DERIVED_FIELDS, batch_size=1000)


def _link_posts(rng, persons):
    from bayan.cases.models import LinkState, PostPerson
    from bayan.newsroom.models import PostPage

    posts = list(PostPage.objects.values_list("pk", flat=True))
    PostPerson.objects.bulk_create(
        [PostPerson(post_id=post, person_id=person.pk, state=LinkState.LINKED)
         for person in persons if person.is_public for post in rng.sample(posts, rng.randint(0, 4))],
        batch_size=5000)


def export_spreadsheets(args):
    """persons.csv and events.csv, in the columns ``bayan import-cases`` reads, of every record."""
    from bayan.cases.models import Event, Person

    folder = Path(args.out)
    with open(folder / "persons.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_en", "name_ar", "aliases", "gender", "roles", "affiliation", "visibility",
                         "bio_en", "bio_ar"])
        for person in Person.objects.prefetch_related("roles").order_by("pk").iterator(chunk_size=2000):
            writer.writerow([person.record_id, person.name_en, person.name_ar, "|".join(person.alias_list()),
                             person.gender, "|".join(role.slug for role in person.roles.all()), person.affiliation,
                             person.visibility, person.bio_en, person.bio_ar])
    with open(folder / "events.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "persons", "type", "date", "precision", "end_date", "place", "responsible", "sources",
                         "note"])
        for event in Event.objects.prefetch_related("persons").order_by("pk").iterator(chunk_size=2000):
            writer.writerow([event.record_id, "|".join(person.record_id for person in event.persons.all()),
                             event.type, event.when.iso(), event.precision, "", event.place, event.responsible, "",
                             event.note])


def time_suggestions(args):
    """Median and slowest of 20 suggestion runs for a 900-word post naming six persons; printed as JSON."""
    from bayan.cases.models import Person
    from bayan.cases.suggestions import current_index, suggest
    from bayan.newsroom.models import PostPage

    rng = random.Random(900)
    words = []
    for person in Person.objects.order_by("?")[:6]:
        words += [rng.choice(FILLER) for _ in range(140)] + person.name_en.split()
    words += [rng.choice(FILLER) for _ in range(900 - len(words))]
    post = PostPage(title="Where are the detained?", body=f"<p>{' '.join(words)}</p>")
    started = time.perf_counter()
    index = current_index()
    index_ms = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(20):
        started = time.perf_counter()
        found = suggest(post, index)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(json.dumps({"words": len(words), "found": len(found), "median_ms": times[len(times) // 2],
                      "max_ms": times[-1], "index_ms": index_ms}))


if __name__ == "__main__":
    main()
