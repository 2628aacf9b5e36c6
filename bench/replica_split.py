#!/usr/bin/env python3
"""Where a reader's request spends processor time with a read replica: the app server, the primary, the replica.

    .venv/bin/python bench/replica_split.py [--posts 10000] [--duration 10] [--rounds 2]
                                            [--kinds tag_page3,single,...]

On one machine a replica shares the cores with the primary and the app server, so requests per
second cannot show what it adds (bench/reader_pages.py --replica measures that side by side).
This measures what each part costs instead:
1. the standard corpus on PostgreSQL 15, as bench/reader_pages.py keeps it (imported when
   missing, vacuumed and analysed), and a streaming replica of its cluster made afresh
   (``pg_basebackup``, port 5434; bench/postgresql.py);
2. two uncached servers (``BAYAN_PAGE_CACHE=false``): one on the primary alone (port 8004),
   one with the replica in ``BAYAN_REPLICA_URLS`` (port 8006);
3. each page kind loaded on each server in turn with wrk (16 connections, the paths of
   ../shared/bench/load.py's mix), ``--rounds`` times; the processor time each group of
   processes used meanwhile (the server and its workers; each cluster's postmaster and its
   backends, read from /proc, exited processes included) divided by the requests served; the
   round with the most requests kept.
It prints milliseconds of processor time per request for each group, and the share of the
database's work the replica took. Every process it starts is stopped at the end.
"""

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from postgresql import PORT, REPLICA_PORT, cluster, replica
from reader_pages import (
    ALL_KINDS,
    SHARED_BENCH,
    WORK,
    Bench,
    children_of_each_process,
    ensure_corpus,
    extended_mix,
    import_corpus,
    wait_for,
)

sys.path.insert(0, str(SHARED_BENCH))
from load import run_wrk  # noqa: E402  (../shared/bench/load.py: wrk with its path cycle)

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def _seconds(pid):
    """Processor seconds of the process and of its reaped children (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the name: utime, stime, cutime and cstime are fields 14 to 17 of the whole line.
    return sum(int(value) for value in fields[11:15]) / TICKS


def tree_seconds(root):
    """Processor seconds used so far by ``root`` and every process below it, those that ended included (their
    time is in their parent's count of reaped children)."""
    children = children_of_each_process()
    total, waiting = 0.0, [root]
    while waiting:
        pid = waiting.pop()
        total += _seconds(pid)
        waiting.extend(children.get(pid, ()))
    return total


def postmaster(data):
    """The pid of the cluster whose data folder is ``data`` (the first line of its postmaster.pid)."""
    return int((data / "postmaster.pid").read_text().split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, the one with most requests kept (default 2)")
    parser.add_argument("--kinds", default=ALL_KINDS, help="page kinds to load (default: all of reader_pages.py's)")
    args = parser.parse_args()
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        corpus = ensure_corpus(args.posts)
        env, _seconds = import_corpus(corpus, args.posts, cluster(bench, WORK / "postgresql"))
        database = env["DATABASE_URL"].rsplit("/", 1)[1]
        replica_url = replica(bench, WORK / "postgresql-replica").rsplit("/", 1)[0] + "/" + database
        serve = [str(ROOT / ".venv" / "bin" / "bayan"), "serve", "--workers", "2", "--no-scheduler"]
        uncached = dict(env, BAYAN_PAGE_CACHE="false")
        servers = {
            "primary only": (8004, bench.start([*serve, "--port", "8004"], uncached, WORK / "split-8004.log")),
            "with a replica": (8006, bench.start([*serve, "--port", "8006"], dict(uncached,
                                                 BAYAN_REPLICA_URLS=replica_url), WORK / "split-8006.log")),
        }
        for port, _process in servers.values():
            wait_for(f"http://127.0.0.1:{port}/en/")
        clusters = {"primary": postmaster(WORK / "postgresql" / "data"),
                    "replica": postmaster(WORK / "postgresql-replica" / "data")}
        mix = json.loads((extended_mix(corpus) / "urls.json").read_text())["mix"]["bayan"]
        print(f"processor time per request (ms), {args.duration} s of 16 connections per measurement, "
              f"primary on port {PORT}, replica on {REPLICA_PORT}")
        print(f"{'kind':10} {'server':15} {'req/s':>7} {'app':>6} {'primary':>8} {'replica':>8} {'replica share':>14}")
        for kind in args.kinds.split(","):
            for name, (port, process) in servers.items():
                best = None
                for _round in range(args.rounds):
                    before = {group: tree_seconds(pid) for group, pid in
                              {"app": process.pid, **clusters}.items()}
                    result = run_wrk(f"http://127.0.0.1:{port}", mix[kind], args.duration, 16, 2)
                    used = {group: tree_seconds(pid) - before[group] for group, pid in
                            {"app": process.pid, **clusters}.items()}
                    requests = result["rps"] * args.duration
                    if result["non2xx"] or result["errors"]:
                        sys.exit(f"{kind} on {name}: {result['non2xx']} answers not 2xx, {result['errors']} errors")
                    if best is None or requests > best[0]:
                        best = (requests, result["rps"], {group: seconds * 1000 / requests
                                                          for group, seconds in used.items()})
                _requests, rps, per_request = best
                database_ms = per_request["primary"] + per_request["replica"]
                share = per_request["replica"] / database_ms if database_ms else 0.0
                print(f"{kind:10} {name:15} {rps:7.0f} {per_request['app']:6.2f} {per_request['primary']:8.2f} "
                      f"{per_request['replica']:8.2f} {share:13.0%}", flush=True)
    finally:
        bench.stop_all()


if __name__ == "__main__":
    main()
