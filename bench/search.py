#!/usr/bin/env python3
"""Search speed on the standard corpus: index build time, and p50/p95 of 50 typical queries.

    .venv/bin/python bench/search.py [--posts 100000] [--repeat 5] [--postgres [--no-sqlite]]

Steps:
1. generate the corpus with ../shared/bench/gen_corpus.py (unless /tmp/bayan-bench/corpus-<posts> has it);
2. import it into a Bayan instance on SQLite (kept in /tmp/bayan-bench/search-sqlite-<posts> for reruns)
   and, with --postgres, into a throwaway PostgreSQL 15 cluster (/tmp/bayan-bench/search-pg-<posts>);
3. time `bayan search-rebuild` (the whole index from scratch, the kept sets of its common terms
   included) on each; with --keep-index, only `bayan search-postings --build` (those kept sets);
4. run the 50 queries below through the search page's own function (matching, counting, five facets,
   ranking, excerpts with marks), given the content generation as the page gives it (read once per
   search, timed with it), with the result cache off, in two processes one after the other
   (the first finds the database just started, the second as a running site's processes do):
   each once as a first ask (its words' sets read from the database: the kept sets of common terms,
   the index for the rest; the facets' sets, read by the very first search, kept), then
   --repeat times again (every set in memory), then once from the result cache; print p50 and p95
   of each, what a process's first search and the first search after one post changed cost (the median of five
   changes, each to another post), and the
   searching process's resident memory at the end with the part of it the search's sets take.
The PostgreSQL server it starts is stopped at the end, also on Ctrl-C or failure.
Requests per second against WordPress's ?s= come from bench/reader_pages.py (page kind "search").
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
WORK = Path("/tmp/bayan-bench")
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")

# Typical queries over the corpus's vocabulary: single words, pairs, names of places, phrases,
# exclusions and words still being typed, in both languages.
QUERIES = [
    "اعتقال", "الصحفيين", "المعتقلين", "التعذيب", "الاختفاء القسري", "الصحفيين المعتقلين", "حرية التعبير",
    "محكمة الإرهاب", "دوما", "حمص", "الإفراج الفوري", "اعتقال الناشطين", "منع السفر", "المحامين",
    "تقرير سنوي", "\"حقوق الإنسان\"", "الرقابة على الإنترنت", "مداهمة مكتب", "الذكرى الثالثة", "المدافعات",
    "قتل الصحفيين", "الصحفيين -الإفراج", "المعتق", "سجن صيدنايا", "عائلة المعتقل",
    "detained", "journalists", "torture", "detained journalists", "enforced disappearance", "arresting activists",
    "field court", "press freedom", "Douma", "Aleppo", "lawyers", "hunger strike", "\"freedom of expression\"",
    "travel ban", "special rapporteur", "journalists -released", "detained journ", "military prisons",
    "internet censorship", "anniversary", "refugees camp", "death sentence", "impunity", "citizen journalists",
    "transitional justice",
]

LATENCY_SCRIPT = r"""
import gc, json, sys, time
import django
django.setup()
# As bayan/wsgi.py does once the application is loaded: what loading made is never collected again.
gc.freeze()
from django.conf import settings
from django.db import connection
from bayan.search import matchsets
from bayan.search.backends import backend_for
from bayan.pagecache.invalidation import current_token
from bayan.search.searching import search
queries, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
CHANGES = 5
first, again, cached, totals = [], [], [], {}
settings.BAYAN_SEARCH_CACHE = False


def timed(query):
    # As the search page asks: with the content generation, read once per request (what is kept per generation,
    # the editors' equivalents and the facets' names, is then not read again).
    started = time.perf_counter()
    results = search(query, generation=current_token())
    return (time.perf_counter() - started) * 1000, results


# The first search of a process also reads every facet's sets.
after_change, _results = timed(queries[0])
for query in queries:
    matchsets.for_search(backend_for(connection), connection).drop_word_sets()
    milliseconds, results = timed(query)
    first.append(milliseconds)
    totals[query] = results.total
    again += [timed(query)[0] for _ in range(repeat)]
    settings.BAYAN_SEARCH_CACHE = True
    search(query)
    cached.append(timed(query)[0])
    settings.BAYAN_SEARCH_CACHE = False
# A post published (here: indexed again): the next search follows that one change. Five times, a different post
# each time, since one sample is at the mercy of the machine's noise.
from bayan.search.indexing import index_posts
from bayan.search.models import SearchDocument
after_one_change = []
for page_id in SearchDocument.objects.order_by("-date").values_list("page_id", flat=True)[:CHANGES]:
    index_posts([page_id])
    after_one_change.append(timed(queries[0])[0])
# What the process holds once every query's sets were read: its resident memory and the search's sets.
sets = matchsets.for_search(backend_for(connection), connection)
with open("/proc/self/status") as status:
    resident_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
print(json.dumps({"after_change": after_change, "after_one_change": after_one_change, "first": first,
                  "again": again, "cached": cached, "totals": totals, "resident_mb": resident_kb / 1024,
                  "sets_mb": sets.kept_bytes() / 1048576, "budget_mb": sets.memory_budget / 1048576}))
"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bayan(args, env, **kwargs):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "bayan"), *args], env=env, check=True, **kwargs)


def settle(env):
    """``VACUUM (ANALYZE)`` of a PostgreSQL instance after its index or kept sets were written: what autovacuum does
    on a running site after a large write. Timed at once, autovacuum ran beside some of the queries (its first ask
    took 42.5 ms at p95 in one run and 31.9 ms in the next, SQLite's the same in both)."""
    script = ("import django; django.setup(); from django.db import connection; "
              "connection.cursor().execute('VACUUM (ANALYZE)')")
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", script],
                   env=dict(env, DJANGO_SETTINGS_MODULE="bayan.settings"), check=True)


def ensure_corpus(posts):
    corpus = WORK / f"corpus-{posts}"
    if not (corpus / "corpus.wxr").exists():
        subprocess.run([sys.executable, GENERATOR, "--posts", str(posts), "--format", "wxr", "--out", corpus],
                       check=True)
    return corpus / "corpus.wxr"


def ensure_instance(env, wxr, data):
    """Import the corpus once per instance; later runs reuse it (migrations are applied every time)."""
    marker = data / "imported"
    bayan(["migrate", "-v0"], env)
    if marker.exists():
        return None
    started = time.perf_counter()
    bayan(["import-wxr", str(wxr)], env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    marker.write_text(f"{seconds:.1f}")
    return seconds


def describe_import(seconds):
    return "corpus imported earlier, instance reused" if seconds is None else f"import {seconds:.0f} s"


def run_queries(env, repeat):
    """Time the queries in a process of their own (LATENCY_SCRIPT); its figures."""
    script = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", LATENCY_SCRIPT, json.dumps(QUERIES), str(repeat)],
        env=dict(env, DJANGO_SETTINGS_MODULE="bayan.settings"), check=True, capture_output=True, text=True,
    )
    return json.loads(script.stdout)


def measure(name, env, repeat, build_index=True):
    build = kept = None
    if build_index:
        started = time.perf_counter()
        bayan(["search-rebuild"], env, stdout=subprocess.DEVNULL)
        build = time.perf_counter() - started
    else:
        # The kept sets of common terms as the rebuild writes them (it does so itself, inside its time).
        started = time.perf_counter()
        bayan(["search-postings", "--build"], env, stdout=subprocess.DEVNULL)
        kept = time.perf_counter() - started
    if "DATABASE_URL" in env:
        settle(env)
    # Twice, each in a new process: the first pass finds the database as it was just started or rebuilt
    # (PostgreSQL's buffers empty); the second, as a running site's server processes find it, where other
    # processes asked before. Both are a process's first asks: its own sets are empty each time.
    cold = run_queries(env, repeat)["first"]
    figures = run_queries(env, repeat)
    first, again, cached = figures["first"], figures["again"], figures["cached"]
    built = (f"index kept, its common terms' sets built in {kept:.1f} s" if build is None
             else f"index build {build:6.1f} s")
    print(f"{name:<11} {built}   a process's first search {figures['after_change']:6.1f} ms   "
          f"the first after one post changed {percentile(figures['after_one_change'], 0.5):6.1f} ms (median of "
          f"{len(figures['after_one_change'])}, max {max(figures['after_one_change']):.1f})\n"
          f"{'':<11} first ask, database just started: p50 {percentile(cold, 0.5):6.1f} ms   "
          f"p95 {percentile(cold, 0.95):6.1f} ms   max {max(cold):6.1f} ms\n"
          f"{'':<11} first ask:   p50 {percentile(first, 0.5):6.1f} ms   p95 {percentile(first, 0.95):6.1f} ms   "
          f"max {max(first):6.1f} ms\n"
          f"{'':<11} asked again: p50 {percentile(again, 0.5):6.1f} ms   p95 {percentile(again, 0.95):6.1f} ms   "
          f"max {max(again):6.1f} ms   ({len(QUERIES)} queries x {repeat})\n"
          f"{'':<11} from the result cache: p50 {percentile(cached, 0.5):5.1f} ms   "
          f"p95 {percentile(cached, 0.95):5.1f} ms\n"
          f"{'':<11} memory of the searching process: {figures['resident_mb']:.0f} MB resident, "
          f"{figures['sets_mb']:.1f} MB of it the search's sets (budget {figures['budget_mb']:.0f} MB)", flush=True)
    return {"index_build_seconds": build, "kept_sets_build_seconds": kept, "first_search_ms": figures["after_change"],
            "after_one_change_ms": percentile(figures["after_one_change"], 0.5),
            "after_one_change_max_ms": max(figures["after_one_change"]),
            "first_cold_p50_ms": percentile(cold, 0.5), "first_cold_p95_ms": percentile(cold, 0.95),
            "first_p50_ms": percentile(first, 0.5), "first_p95_ms": percentile(first, 0.95),
            "again_p50_ms": percentile(again, 0.5), "again_p95_ms": percentile(again, 0.95),
            "again_max_ms": max(again), "cached_p50_ms": percentile(cached, 0.5),
            "cached_p95_ms": percentile(cached, 0.95), "resident_mb": figures["resident_mb"],
            "sets_mb": figures["sets_mb"], "budget_mb": figures["budget_mb"], "totals": figures["totals"]}


class PostgresCluster:
    """A private PostgreSQL 15 server on loopback, owned by the postgres user when run as root."""

    def __init__(self, directory, port):
        self.directory, self.port = directory, port
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self):
        if not (POSTGRES_BIN / "initdb").exists():
            sys.exit("PostgreSQL 15 is not installed (Debian package postgresql-15); ./run test installs it")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                sys.exit(f"port {self.port} is already in use; --pg-port picks another")
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.directory, "postgres")
        if not (self.directory / "data" / "PG_VERSION").exists():
            subprocess.run([*self.as_postgres, POSTGRES_BIN / "initdb", "-D", self.directory / "data", "-A", "trust"],
                           check=True, stdout=subprocess.DEVNULL)
        # Shared buffers as a server of this size would have them (a quarter of a few GB), rather than the
        # default 128 MB, which holds less than the search's indexes.
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c shared_buffers=1GB")
        subprocess.run([*self.as_postgres, POSTGRES_BIN / "pg_ctl", "-D", self.directory / "data", "-o", options,
                        "-l", self.directory / "log", "-w", "start"], check=True, stdout=subprocess.DEVNULL)
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self):
        subprocess.run([*self.as_postgres, POSTGRES_BIN / "pg_ctl", "-D", self.directory / "data", "-m", "fast",
                        "stop"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100000, help="corpus size (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--postgres", action="store_true", help="also measure on a throwaway PostgreSQL 15 cluster")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only (with --postgres)")
    parser.add_argument("--keep-index", action="store_true",
                        help="search the index an earlier run built instead of timing a rebuild")
    parser.add_argument("--pg-port", type=int, default=55433, help="port for that cluster (default 55433)")
    parser.add_argument("--json", help="where to write the figures (default /tmp/bayan-bench/search-<posts>.json)")
    args = parser.parse_args()
    if args.posts < 1 or args.repeat < 1:
        parser.error("--posts and --repeat must be at least 1")
    if args.no_sqlite and not args.postgres:
        parser.error("--no-sqlite leaves nothing to measure without --postgres")
    if not GENERATOR.exists():
        sys.exit(f"the corpus generator is not at {GENERATOR}")
    WORK.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    wxr = ensure_corpus(args.posts)
    results = {"posts": args.posts, "queries": QUERIES, "repeat": args.repeat}
    base = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    if not args.no_sqlite:
        sqlite_env = dict(base, BAYAN_DATA_DIR=str(WORK / f"search-sqlite-{args.posts}"))
        seconds = ensure_instance(sqlite_env, wxr, WORK / f"search-sqlite-{args.posts}")
        print(f"sqlite      {describe_import(seconds)}", flush=True)
        results["sqlite"] = measure("sqlite", sqlite_env, args.repeat, not args.keep_index)
    if args.postgres:
        cluster = PostgresCluster(WORK / f"search-pg-{args.posts}", args.pg_port)
        try:
            url = cluster.start()
            data = WORK / f"search-pg-{args.posts}" / "bayan"
            data.mkdir(exist_ok=True)
            pg_env = dict(base, BAYAN_DATA_DIR=str(data), DATABASE_URL=url)
            seconds = ensure_instance(pg_env, wxr, data)
            print(f"postgresql  {describe_import(seconds)}", flush=True)
            results["postgresql"] = measure("postgresql", pg_env, args.repeat, not args.keep_index)
        finally:
            cluster.stop()
    Path(args.json or WORK / f"search-{args.posts}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
