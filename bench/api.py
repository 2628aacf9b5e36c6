#!/usr/bin/env python3
"""The open data API against WordPress's REST API on the same corpus, side by side, and the changes feed's speed.

    .venv/bin/python bench/api.py [--posts 10000] [--duration 15] [--rounds 2]

The issue asks, at the same page size: the third page of posts, the third page of a tag's
posts, a single post and a search, with Bayan's page cache off (`BAYAN_PAGE_CACHE=false`, the
API keeps no rendered answers of its own) and a partner key above the load's rate: at least 10
times WordPress's requests per second, p99 under 50 ms, no non-2xx answer; and the changes feed
read through 10,000 changes in under a second.

Steps, on this machine and on loopback:
1. the standard corpus and its Bayan instance, as bench/reader_pages.py keeps them;
2. Bayan served without its page cache (port 8000, `bayan serve`, two workers), a partner key
   issued for the load; WordPress 6.1 with the shared scripts (port 8081);
3. each page kind's addresses found on each side (WordPress's tag id and a post id from its
   own REST API; Bayan's third pages by following its cursors);
4. wrk (with ../shared/bench/cycle.lua) on each kind, the two alternating, best round kept;
5. the changes feed: the log's entries read from the beginning, 1,000 an answer, timed until
   10,000 entries have been read (the corpus's import wrote more than that).
Every process it starts is stopped at the end.
"""

import argparse
import json
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from reader_pages import ROOT, SHARED_BENCH, WORK, Bench, ensure_corpus, import_corpus, wait_for

BAYAN, WORDPRESS = "http://127.0.0.1:8000", "http://127.0.0.1:8081"
PAGE_SIZE = 10
SEARCH_WORD = "journalist"
RESULT = re.compile(r"^RESULT (.*)$", re.M)


def get_json(address, key=None):
    request = urllib.request.Request(address)
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def third_page(address, key):
    """The address of the third page of a Bayan list, reached by following its cursors."""
    for _ in range(2):
        address = get_json(BAYAN + address, key)["next"].replace(BAYAN, "")
    return address


def addresses(key):
    """{kind: (Bayan's addresses, WordPress's)}, the same request on each side."""
    tag = "arresting-activists"
    wordpress_tag = get_json(f"{WORDPRESS}/wp-json/wp/v2/tags?slug={tag}")[0]["id"]
    wordpress_post = get_json(f"{WORDPRESS}/wp-json/wp/v2/posts?per_page=1&page=5")[0]["id"]
    bayan_tag = next(found["id"] for found in get_json(f"{BAYAN}/api/v1/tags/?limit=100&language=en", key)["results"]
                     if found["slug"] == tag)
    bayan_post = get_json(f"{BAYAN}/api/v1/posts/?limit=1&language=en", key)["results"][0]["id"]
    return {
        "posts_page3": ([third_page(f"/api/v1/posts/?limit={PAGE_SIZE}", key)],
                        [f"/wp-json/wp/v2/posts?per_page={PAGE_SIZE}&page=3"]),
        "tag_page3": ([third_page(f"/api/v1/posts/?tag={bayan_tag}&limit={PAGE_SIZE}", key)],
                      [f"/wp-json/wp/v2/posts?tags={wordpress_tag}&per_page={PAGE_SIZE}&page=3"]),
        "single": ([f"/api/v1/posts/{bayan_post}/"], [f"/wp-json/wp/v2/posts/{wordpress_post}"]),
        "search": ([f"/api/v1/search/?q={SEARCH_WORD}"], [f"/wp-json/wp/v2/posts?search={SEARCH_WORD}&per_page=10"]),
    }


def run_wrk(base, paths, duration, key=None):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.writelines(path + "\n" for path in paths)
    command = ["wrk", "-t", "2", "-c", "16", "-d", f"{duration}s", "--timeout", "10s", "-s",
               str(SHARED_BENCH / "cycle.lua")]
    if key:
        command += ["-H", f"Authorization: Bearer {key}"]
    done = subprocess.run([*command, base, "--", listing.name], capture_output=True, text=True,
                          timeout=duration + 60)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    result = RESULT.search(done.stdout)
    if not (rps and result):
        sys.exit(f"wrk failed against {base}: {done.stderr or done.stdout}")
    fields = dict(pair.split("=") for pair in result.group(1).split())
    return {"rps": float(rps.group(1)), "p50": float(fields["p50_ms"]), "p99": float(fields["p99_ms"]),
            "non2xx": int(fields["non2xx"]) + int(fields["socket_errors"])}


def changes_feed_seconds(key, wanted=10_000):
    """Seconds to read ``wanted`` entries of the change log through the feed, 1,000 an answer."""
    started, read, token = time.perf_counter(), 0, ""
    while read < wanted:
        answer = get_json(f"{BAYAN}/api/v1/changes/?limit=1000" + (f"&since={urllib.parse.quote(token)}" if token
                                                                   else ""), key)
        read += 1000
        token = answer["token"]
        if not answer["more"]:
            break
    return time.perf_counter() - started, read


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", default=str(WORK / "api.json"))
    args = parser.parse_args()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8000)) == 0:
            sys.exit("port 8000 is already in use; stop what listens there")
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        corpus = ensure_corpus(args.posts)
        env, _seconds = import_corpus(corpus, args.posts)
        issued = subprocess.run([str(ROOT / ".venv" / "bin" / "bayan"), "api-key", "issue", "Benchmark load"],
                                env=env, check=True, capture_output=True, text=True).stdout
        key = issued.split(": ", 1)[1].split()[0]
        serve = [str(ROOT / ".venv" / "bin" / "bayan"), "serve", "--workers", "2", "--no-scheduler", "--port", "8000"]
        bench.start(serve, dict(env, BAYAN_PAGE_CACHE="false", BAYAN_API_PARTNER_RATE_PER_MINUTE="100000000"),
                    WORK / "bayan-api-8000.log")
        # It installs what WordPress and the load need (Debian's wordpress, mariadb, nginx, wrk) when missing.
        subprocess.run([SHARED_BENCH / "wordpress" / "setup.sh", corpus], check=True, stdout=subprocess.DEVNULL)
        bench.cleanups.append(lambda: subprocess.run([SHARED_BENCH / "wordpress" / "stop.sh"], check=False))
        wait_for(f"{BAYAN}/api/v1/")
        wait_for(f"{WORDPRESS}/wp-json/wp/v2/posts?per_page=1")
        kinds = addresses(key)
        best = {}
        for _round in range(args.rounds):
            for kind, (bayan_paths, wordpress_paths) in kinds.items():
                for name, base, paths, sent in (("bayan", BAYAN, bayan_paths, key),
                                                ("wordpress", WORDPRESS, wordpress_paths, None)):
                    figures = run_wrk(base, paths, args.duration, sent)
                    if (name, kind) not in best or figures["rps"] > best[(name, kind)]["rps"]:
                        best[(name, kind)] = figures
        seconds, read = changes_feed_seconds(key)
        print(f"\nOpen data API on {args.posts} posts, page cache off, partner key; best of {args.rounds}")
        print(f"{'kind':<12} {'Bayan req/s':>12} {'p50':>7} {'p99':>7} {'non-2xx':>8} {'WordPress':>10} {'p99':>7} "
              f"{'ratio':>6}")
        for kind in kinds:
            ours, theirs = best[("bayan", kind)], best[("wordpress", kind)]
            print(f"{kind:<12} {ours['rps']:>12.0f} {ours['p50']:>7.1f} {ours['p99']:>7.1f} {ours['non2xx']:>8} "
                  f"{theirs['rps']:>10.0f} {theirs['p99']:>7.1f} {ours['rps'] / theirs['rps']:>6.1f}")
        print(f"changes feed: {read} entries in {seconds:.2f} s")
        with open(args.json, "w") as out:
            json.dump({"kinds": {f"{name}:{kind}": figures for (name, kind), figures in best.items()},
                       "changes": {"entries": read, "seconds": seconds}}, out, indent=2)
    finally:
        bench.stop_all()


if __name__ == "__main__":
    main()
