#!/usr/bin/env python3
"""Soak test: the production server under steady load for a minute, with its page cache on and off.

    .venv/bin/python bench/soak.py                       # both runs, 64 connections, 60 s each
    .venv/bin/python bench/soak.py --cache off --seconds 20 --connections 16   # a quick look

What it does, all on this machine and on 127.0.0.1 only:
1. builds the demo newsroom (`bayan demo --no-serve`, about 330 posts in Arabic and
   English) in a temporary data directory, unless --data-dir names an existing one (which
   it migrates to this version's schema);
2. starts `bayan serve` (granian, the production server) once to find the addresses to ask:
   the sitemap index and its sections, then every post and archive page they list, and from
   those pages the numbered pages, the RSS and Atom feeds, the authors, the tag index and
   the year and month archives of the dates shown. Nothing is hard-coded but the routes
   of the search page and the date archives;
3. for each cache setting (BAYAN_PAGE_CACHE=true, then false): starts a fresh server on a
   free port and keeps --connections connections busy for --seconds with a mix of every
   reader page kind (home, tag, category, author, year and month archives with their
   numbered pages, the tag index, RSS and Atom feeds, the sitemap, posts in both languages,
   and searches). Every search asks a query never asked before, in Arabic or English, some
   of them long (up to about 300 characters). Once a second it reads each server worker's
   resident memory (VmRSS in /proc/<pid>/status);
4. prints, per run, requests, req/s, errors, non-2xx answers, p50 and p99 latency (by page
   kind and overall), and each worker's resident memory at the 10th second and at the end,
   with the change in per cent; then stops the server.

It exits with status 1 if any requirement fails:
- no errors (refused or dropped connections, timeouts, unreadable answers);
- no answer outside 200-299 (a redirect counts as a failure too);
- each worker's resident memory at the end within 10% of its value at the 10th second;
- no worker replaced during the run, and no traceback in the server's log.

The load comes from this script itself (Python asyncio, one keep-alive connection per
simulated reader, each sending its next request as soon as the previous answer is read),
which shares the machine's cores with the server; its own CPU time, each worker's, and the
machine's load average before and after are printed (other work on the machine lowers req/s
and raises latency; memory figures are steadier).
Everything it starts is stopped at the end, also on Ctrl-C, SIGTERM or failure, and the
temporary data directory is removed (unless --keep). Server logs go to --log-dir.
A full run (demo build, discovery, two minutes of load) takes about four minutes.
"""

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from soak_addresses import HOST, KIND_WEIGHTS, Discovery, Failure, Mix, Queries
from soak_server import Server, cpu_seconds, resident_kb

ROOT = Path(__file__).resolve().parent.parent
BAYAN = ROOT / ".venv" / "bin" / "bayan"

MEMORY_LIMIT = 0.10  # allowed change of a worker's resident memory between the two readings
EARLY_READING = 10  # second of the load at which the first memory reading counts




# --- the load -------------------------------------------------------------------------------


class ProtocolError(Exception):
    pass


class Tally:
    def __init__(self):
        self.latencies = defaultdict(list)  # kind -> seconds, answered requests only
        self.non_2xx = Counter()  # kind -> count
        self.statuses = Counter()  # status of every non-2xx answer
        self.errors = Counter()  # kind -> count
        self.error_samples = []
        self.bad_samples = []
        self.bytes = 0

    def requests(self, kind=None):
        kinds = [kind] if kind else KIND_WEIGHTS
        return sum(len(self.latencies[name]) + self.errors[name] for name in kinds)


async def read_answer(reader):
    """Status, whether the connection stays open, and the body's size of one HTTP/1.1 answer."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise ProtocolError(f"bad status line {lines[0][:80]!r}") from None
    length, chunked, keep = None, False, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            keep = b"close" not in value.lower()
    size = 0
    if status in (204, 304) or status < 200:
        pass
    elif chunked:
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if chunk == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                break
            size += len(await reader.readexactly(chunk + 2)) - 2
    elif length is not None:
        size = len(await reader.readexactly(length))
    else:
        size, keep = len(await reader.read()), False
    return status, keep, size


async def reader_loop(port, mix, tally, deadline, budget, timeout):
    """One simulated reader: a keep-alive connection, the next request as soon as an answer is in."""
    reader = writer = None
    host = f"{HOST}:{port}".encode()
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        kind, path = mix.next()
        request = b"GET %s HTTP/1.1\r\nHost: %s\r\nAccept-Encoding: identity\r\n\r\n" % (path.encode("ascii"), host)
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                writer.write(request)
                status, keep, size = await read_answer(reader)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ProtocolError, ValueError) as error:
            tally.errors[kind] += 1
            if len(tally.error_samples) < 5:
                tally.error_samples.append(f"{kind} {path[:100]}: {type(error).__name__} {error}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        tally.latencies[kind].append(time.perf_counter() - started)
        tally.bytes += size
        if not 200 <= status < 300:
            tally.non_2xx[kind] += 1
            tally.statuses[status] += 1
            if len(tally.bad_samples) < 5:
                tally.bad_samples.append(f"{status} {kind} {path[:100]}")
        if not keep:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def read_memory(server, started, seconds, readings):
    """Every worker's resident memory once a second of the load, the last one at its end."""
    for second in range(1, seconds + 1):
        await asyncio.sleep(max(0.0, started + second - time.monotonic()))
        readings.append((second, {pid: resident_kb(pid) for pid in server.worker_pids()}))


async def load(server, mix, seconds, connections, max_requests, timeout):
    tally = Tally()
    readings = []
    started = time.monotonic()
    budget = [max_requests]
    memory = asyncio.create_task(read_memory(server, started, seconds, readings))
    await asyncio.gather(*(reader_loop(server.port, mix, tally, started + seconds, budget, timeout)
                           for _ in range(connections)))
    elapsed = time.monotonic() - started
    if not memory.done():  # the request bound was reached first
        memory.cancel()
    return tally, readings, elapsed


# --- figures --------------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def memory_figures(readings, seconds):
    """Per worker pid: MB at the early reading, MB at the end, change; and the worker sets seen."""
    early_second = EARLY_READING if seconds >= 2 * EARLY_READING else max(1, seconds // 2)
    early = next((values for second, values in readings if second >= early_second), {})
    late = readings[-1][1] if readings else {}
    workers = {}
    for pid in sorted(set(early) | set(late)):
        before, after = early.get(pid), late.get(pid)
        change = (after - before) / before if before and after else None
        workers[pid] = {"early_mb": before and before / 1024, "late_mb": after and after / 1024, "change": change}
    return early_second, workers, {tuple(sorted(values)) for _second, values in readings}


def run_once(cache, environment, urls, words, args):
    """One server, one load; returns the figures and the list of failed requirements."""
    log_path = Path(args.log_dir) / f"soak-cache-{cache}.log"
    server = Server(dict(environment, BAYAN_PAGE_CACHE="true" if cache == "on" else "false"),
                    args.workers, log_path)
    try:
        server.wait_until_ready()
        queries = Queries(words, {language: urls[f"search {language}"][0] for language in ("en", "ar")},
                          seed=1 if cache == "on" else 2)
        before = resource.getrusage(resource.RUSAGE_SELF)
        worker_cpu = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
        load_before = os.getloadavg()[0]
        print(f"\npage cache {cache}: {args.connections} connections for {args.seconds} s on port {server.port}, "
              f"workers {', '.join(map(str, server.worker_pids()))}; load average {load_before:.2f} before",
              flush=True)
        tally, readings, elapsed = asyncio.run(
            load(server, Mix(urls, queries), args.seconds, args.connections, args.max_requests, args.timeout))
        after = resource.getrusage(resource.RUSAGE_SELF)
        for pid, spent in worker_cpu.items():
            now = cpu_seconds(pid)
            worker_cpu[pid] = None if now is None or spent is None else round(now - spent, 1)
        tracebacks = server.tracebacks()
    finally:
        server.stop()
    client_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    early_second, workers, worker_sets = memory_figures(readings, args.seconds)
    every = [value for kind in KIND_WEIGHTS for value in tally.latencies[kind]]
    total = tally.requests()
    figures = {
        "cache": cache, "requests": total, "seconds": round(elapsed, 2), "req_per_s": round(total / elapsed, 1),
        "errors": sum(tally.errors.values()), "non_2xx": sum(tally.non_2xx.values()),
        "p50_ms": round(percentile(every, 0.50), 1), "p99_ms": round(percentile(every, 0.99), 1),
        "searches": queries.asked, "megabytes_read": round(tally.bytes / 1e6, 1),
        "client_cpu_s": round(client_cpu, 1), "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0], "server_tracebacks": tracebacks,
        "early_second": early_second, "workers": workers, "worker_cpu_s": worker_cpu,
        "memory_every_10_s": {pid: [round(values[pid] / 1024, 1) if values.get(pid) else None
                                    for second, values in readings if second % 10 == 0 or second == args.seconds]
                              for pid in workers},
        "kinds": {kind: {"requests": tally.requests(kind), "non_2xx": tally.non_2xx[kind],
                         "errors": tally.errors[kind], "p50_ms": round(percentile(tally.latencies[kind], 0.5), 1),
                         "p99_ms": round(percentile(tally.latencies[kind], 0.99), 1)} for kind in KIND_WEIGHTS},
        "statuses": dict(tally.statuses), "error_samples": tally.error_samples, "non_2xx_samples": tally.bad_samples,
    }
    print(f"{'kind':10} {'requests':>9} {'errors':>7} {'non-2xx':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, row in figures["kinds"].items():
        print(f"{kind:10} {row['requests']:9d} {row['errors']:7d} {row['non_2xx']:8d} "
              f"{row['p50_ms']:8.1f} {row['p99_ms']:8.1f}")
    print(f"{'all':10} {total:9d} {figures['errors']:7d} {figures['non_2xx']:8d} {figures['p50_ms']:8.1f} "
          f"{figures['p99_ms']:8.1f}   {figures['req_per_s']:.1f} req/s over {elapsed:.1f} s; "
          f"{queries.asked} distinct searches; client CPU {client_cpu:.1f} s; "
          f"load average {figures['load_average_after']:.2f} after")
    for sample in tally.error_samples + tally.bad_samples:
        print(f"  e.g. {sample}")
    for pid, series in figures["memory_every_10_s"].items():
        print(f"  worker {pid}: CPU {worker_cpu.get(pid)} s; resident MB every 10 s: "
              + " ".join("-" if value is None else f"{value:.1f}" for value in series))
    spent = [value for value in worker_cpu.values() if value is not None]
    if len(spent) > 1 and min(spent) < max(spent) / 4:
        figures["uneven"] = True
        print("  NOTE: the workers did not share the load (granian let one worker accept most connections); "
              "the idle worker's memory says little, and req/s is one worker's")

    failed = []
    label = f"cache {cache}"
    if figures["errors"]:
        failed.append(f"{label}: {figures['errors']} errors")
    if figures["non_2xx"]:
        failed.append(f"{label}: {figures['non_2xx']} non-2xx answers ({dict(tally.statuses)})")
    if tracebacks:
        failed.append(f"{label}: {tracebacks} tracebacks in {log_path}")
    if len(worker_sets) != 1 or len(workers) != args.workers:
        failed.append(f"{label}: the worker processes changed during the run ({sorted(workers)}): one was replaced")
    for pid, worker in workers.items():
        if worker["change"] is None:
            failed.append(f"{label}: worker {pid} has no reading at both {early_second} s and the end")
        elif abs(worker["change"]) > MEMORY_LIMIT:
            failed.append(f"{label}: worker {pid} resident memory {worker['early_mb']:.1f} -> "
                          f"{worker['late_mb']:.1f} MB ({worker['change']:+.1%}), more than {MEMORY_LIMIT:.0%}")
    if total >= args.max_requests:
        failed.append(f"{label}: stopped at --max-requests {args.max_requests} after {elapsed:.1f} s, "
                      "before --seconds were over; the memory reading at the end was not under load")
    return figures, failed


def machine():
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"],
                            capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "bayan"],
                             capture_output=True, text=True).stdout.splitlines()
    if changed:
        commit += f", {len(changed)} files under bayan/ changed since"
    if os.environ.get("PYTHONPATH"):
        commit += f" (but PYTHONPATH={os.environ['PYTHONPATH']} comes first)"
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
            "cpu": cpu.group(1) if cpu else "unknown", "memory_gib": round(int(memory.group(1)) / 1024 ** 2, 1),
            "python": platform.python_version(), "commit": commit}


def summary(results, args):
    print(f"\nsummary: {args.connections} connections, {args.seconds} s, {args.workers} workers")
    print(f"{'cache':5} {'requests':>9} {'req/s':>8} {'errors':>7} {'non-2xx':>8} {'p50 ms':>8} {'p99 ms':>8}  "
          "worker resident MB at the early reading -> the end (change)")
    for figures in results:
        memory = ", ".join(
            f"{worker['early_mb'] or 0:.1f} -> {worker['late_mb'] or 0:.1f} "
            f"({'?' if worker['change'] is None else format(worker['change'], '+.1%')})"
            for worker in figures["workers"].values())
        print(f"{figures['cache']:5} {figures['requests']:9d} {figures['req_per_s']:8.1f} {figures['errors']:7d} "
              f"{figures['non_2xx']:8d} {figures['p50_ms']:8.1f} {figures['p99_ms']:8.1f}  "
              f"at {figures['early_second']} s -> {args.seconds} s: {memory}")


def build_demo(data_dir, log_dir):
    print(f"building the demo newsroom in {data_dir} (about a minute)", flush=True)
    environment = dict(os.environ, BAYAN_DATA_DIR=str(data_dir), BAYAN_ADMIN_PASSWORD=secrets.token_urlsafe(16))
    environment.pop("DATABASE_URL", None)
    log_path = Path(log_dir) / "soak-demo.log"
    with open(log_path, "w") as log:
        demo = subprocess.Popen([str(BAYAN), "demo", "--no-serve"], env=environment, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            demo.wait()
        finally:  # on Ctrl-C, stop the demo and the indexing process it may have started
            if demo.poll() is None:
                os.killpg(demo.pid, signal.SIGKILL)
                demo.wait()
    if demo.returncode:
        raise Failure(f"`bayan demo --no-serve` failed (exit {demo.returncode}); see {log_path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="length of each run's load (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2, as `bayan serve`)")
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both",
                        help="BAYAN_PAGE_CACHE for the run: on, off, or both one after the other (default both)")
    parser.add_argument("--data-dir", help="an existing Bayan data directory to serve (SQLite); default: build "
                                           "the demo in a temporary directory; a directory without a database "
                                           "gets the demo")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument("--max-requests", type=int, help="stop a run after this many requests even if time is left "
                                                         "(default 5,000 per second of --seconds)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds before a request counts as an error "
                                                                  "(default 10)")
    parser.add_argument("--log-dir", default="/tmp/bayan-bench", help="server and demo logs (default /tmp/bayan-bench)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.seconds < 2 or args.connections < 1 or args.workers < 1:
        parser.error("--seconds must be at least 2, --connections and --workers at least 1")
    args.max_requests = args.max_requests or args.seconds * 5000
    if not BAYAN.exists():
        sys.exit(f"{BAYAN} is missing; run ./run once to install Bayan")
    Path(args.log_dir).mkdir(parents=True, exist_ok=True)
    # Ctrl-C and SIGTERM stop the run and clean up (also when started in the background, where
    # the shell makes the script ignore SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    temporary = None
    results, failed = [], []
    about = machine()
    print(f"{about['date']}; {about['cores']} cores, {about['cpu']}, {about['memory_gib']} GiB; "
          f"Python {about['python']}; commit {about['commit']}")
    try:
        if args.data_dir:
            data_dir = Path(args.data_dir).resolve()
            data_dir.mkdir(parents=True, exist_ok=True)
        else:
            temporary = data_dir = Path(tempfile.mkdtemp(prefix="bayan-soak-"))
        environment = dict(os.environ, BAYAN_DATA_DIR=str(data_dir))
        environment.pop("DATABASE_URL", None)
        if not (data_dir / "bayan.sqlite3").exists():
            build_demo(data_dir, args.log_dir)
        else:  # a directory made by an earlier version: bring its schema up to this one
            migrated = subprocess.run([str(BAYAN), "migrate", "-v0"], env=environment, capture_output=True, text=True)
            if migrated.returncode:
                raise Failure(f"`bayan migrate` failed in {data_dir}:\n{migrated.stderr[-2000:]}")

        finder = Server(dict(environment, BAYAN_PAGE_CACHE="false"), 1, Path(args.log_dir) / "soak-discovery.log")
        try:
            finder.wait_until_ready()
            urls, words = Discovery(finder.port).run()
        finally:
            finder.stop()
        print("addresses found: " + ", ".join(f"{kind} {len(paths)}" for kind, paths in urls.items()
                                              if not kind.startswith("search"))
              + f"; search words: {len(words['en'])} English, {len(words['ar'])} Arabic")

        for cache in (("on", "off") if args.cache == "both" else (args.cache,)):
            figures, failures = run_once(cache, environment, urls, words, args)
            results.append(figures)
            failed += failures
    except Failure as problem:
        sys.exit(f"soak: {problem}")
    except KeyboardInterrupt:
        sys.exit("soak: stopped")
    finally:
        if temporary and not args.keep:
            shutil.rmtree(temporary, ignore_errors=True)
        elif temporary:
            print(f"data directory kept: {temporary}")

    summary(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": about, "arguments": vars(args), "runs": results},
                                              indent=1, ensure_ascii=False))
    if failed:
        print("\nFAILED:\n" + "\n".join(f"- {line}" for line in failed))
        sys.exit(1)
    print("\nevery requirement met: no errors, no non-2xx answers, each worker's resident memory within "
          f"{MEMORY_LIMIT:.0%} between the {results[0]['early_second']}th second and the end")


if __name__ == "__main__":
    main()
