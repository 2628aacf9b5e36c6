#!/usr/bin/env python3
"""Shallow and deep archive pages side by side, and the server's memory, on one Bayan instance.

    .venv/bin/python bench/deep_pages.py --data-dir /tmp/bayan-bench/bayan-1000000 [--requests 200]

Serves the instance with `bayan serve` (the production server, 2 workers, page cache off),
asks each page below one request at a time and prints the median and 95th percentile of
its answer time, then the resident memory of every server process. The pages:
pages 3, 5,000 (when the archive has that many) and the last of the largest tag of each
language and of each language's home listing. The instance must
hold an imported corpus (bench/reader_pages.py or bench/import_wxr.py make one).
Every process it starts is stopped at the end, also on Ctrl-C or failure.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAYAN = ROOT / ".venv" / "bin" / "bayan"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def largest_archives(environment):
    """(language, tag slug, tag pages, home pages) per language, read from the instance itself."""
    script = (
        "from bayan.archives.archive import home_archive, tag_counts\n"
        "from django.conf import settings\n"
        "per_page = settings.BAYAN_ITEMS_PER_PAGE\n"
        "for code, _name in settings.LANGUAGES:\n"
        "    counts = sorted(tag_counts(code), key=lambda row: -row['post_count'])\n"
        "    if counts:\n"
        "        home = home_archive(code).posts.count()\n"
        "        print('ARCHIVE', code, counts[0]['slug'],\n"
        "              -(-counts[0]['post_count'] // per_page), -(-home // per_page))\n"
    )
    finished = subprocess.run([str(BAYAN), "shell", "-c", script], env=environment,
                              capture_output=True, text=True)
    if finished.returncode:
        last_line = (finished.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"could not read the archives of {environment['BAYAN_DATA_DIR']}: {last_line}")
    output = finished.stdout
    rows = [line.split()[1:] for line in output.splitlines() if line.startswith("ARCHIVE ")]
    return [(code, slug, int(tag_pages), int(home_pages)) for code, slug, tag_pages, home_pages in rows]


def pages_to_ask(archives):
    pages = []
    for language, slug, tag_pages, home_pages in archives:
        quoted = urllib.request.quote(slug)
        pages.append((f"{language} tag page 3", f"/{language}/tag/{quoted}/page/3/"))
        if tag_pages >= 5000:
            pages.append((f"{language} tag page 5,000", f"/{language}/tag/{quoted}/page/5000/"))
        pages.append((f"{language} tag last page ({tag_pages})", f"/{language}/tag/{quoted}/page/{tag_pages}/"))
        pages.append((f"{language} home page 3", f"/{language}/page/3/"))
        if home_pages >= 5000:
            pages.append((f"{language} home page 5,000", f"/{language}/page/5000/"))
        pages.append((f"{language} home last page ({home_pages})", f"/{language}/page/{home_pages}/"))
    return pages


def timings(base, path, requests):
    """Milliseconds per answer, one request at a time (after one to warm up)."""
    seconds = []
    for number in range(requests + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            if response.status != 200:
                sys.exit(f"{path} answered {response.status}")
        if number:
            seconds.append((time.perf_counter() - started) * 1000)
    return seconds


def server_memory(root_pid):
    """Resident memory (MB) of the server process and each process below it, by pid."""
    found, waiting = {}, [root_pid]
    while waiting:
        pid = waiting.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        name = re.search(r"^Name:\s+(\S+)", status, re.M).group(1)
        rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)) / 1024
        found[pid] = (name, rss)
        waiting.extend(int(child) for child in children)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="the Bayan data directory holding the corpus")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    args = parser.parse_args()
    data = Path(args.data_dir)
    if not (data / "bayan.sqlite3").exists():
        sys.exit(f"no Bayan database in {data}; import a corpus first (see docs/benchmarks.md)")
    if not BAYAN.exists():
        sys.exit(f"{BAYAN} is missing; run ./run once to install Bayan")
    environment = dict(os.environ, BAYAN_DATA_DIR=str(data), BAYAN_PAGE_CACHE="false")
    environment.pop("DATABASE_URL", None)
    port = free_port()
    archives = largest_archives(environment)
    server = subprocess.Popen([str(BAYAN), "serve", "--port", str(port), "--workers", "2", "--no-scheduler"],
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/en/", timeout=10).read()
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.5)
        print(f"{data}: uncached, {args.requests} requests per page, one at a time")
        print(f"{'page':34} {'median ms':>10} {'p95 ms':>8}")
        for label, path in pages_to_ask(archives):
            spent = sorted(timings(base, path, args.requests))
            p95 = spent[int(len(spent) * 0.95) - 1]
            print(f"{label:34} {statistics.median(spent):10.1f} {p95:8.1f}", flush=True)
        print("\nresident memory after the load:")
        for pid, (name, rss) in sorted(server_memory(server.pid).items()):
            print(f"  {pid:>7} {name:12} {rss:7.1f} MB")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
