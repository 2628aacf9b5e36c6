#!/usr/bin/env python3
"""Reader pages side by side: Bayan (uncached, cached, behind nginx) against WordPress and static files.

    .venv/bin/python bench/reader_pages.py [--posts 10000] [--duration 15] [--rounds 2]

Steps, all on this machine and on loopback:
1. generate the standard corpus with ../shared/bench/gen_corpus.py (unless it is there already);
2. import its WXR into a fresh Bayan data directory with `bayan import-wxr` (timed);
3. serve Bayan with its production server twice: without its page cache (port 8000) and
   with it (8001), and put nginx with the documented cache configuration in front of the
   second (8083);
4. run WordPress 6.1 and nginx serving Hugo's output on the same corpus with the shared
   scripts (ports 8081 and 8082);
   with ``--database sqlite,postgresql``, Bayan is also served uncached from a copy of the
   corpus imported into PostgreSQL 15 (port 8004, target ``bayan-postgresql``), side by side,
   and with its page cache (8005, ``bayan-postgresql-cached``), its database vacuumed and analysed
   after the import or the search rebuild, as autovacuum leaves a running site's; with
   ``--replica`` too, a streaming replica of that cluster is made (port 5434) and a third server
   reads readers' pages from it, uncached (8006, ``bayan-postgresql-replica``);
5. load every server alternately with ../shared/bench/load.py, the same page kinds on each,
   and print req/s, p50, p99 and the ratio to WordPress; a static server is measured right after
   WordPress, whose leftover work would otherwise land in the next server's slowest answers.
Every process it starts is stopped at the end, also on Ctrl-C or failure.
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
import urllib.request
from pathlib import Path

from debian import ensure_packages

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = ROOT.parent / "shared" / "bench"
WORK = Path("/tmp/bayan-bench")
NGINX_CONF = """
worker_processes 1;
pid {state}/nginx.pid;
error_log {state}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  proxy_cache_path {state}/cache levels=1:2 keys_zone=bayan:50m max_size=1g inactive=7d;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_set_header Host 127.0.0.1;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache bayan;
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_revalidate on;
      proxy_cache_valid 200 301 1s;
      proxy_cache_use_stale error timeout updating;
      proxy_cache_background_update on;
      proxy_cache_lock on;
      proxy_no_cache $cookie_sessionid;
      proxy_cache_bypass $cookie_sessionid;
    }}
  }}
}}
"""


class Bench:
    """Starts what the run needs and remembers it, so that everything can be stopped."""

    def __init__(self):
        self.processes = []
        self.cleanups = []

    def start(self, argv, env=None, log=None, cwd=None):
        handle = open(log, "w") if log else subprocess.DEVNULL
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for cleanup in self.cleanups:
            cleanup()


def children_of_each_process():
    """``{pid: [its children's pids]}`` of every process now, read from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def worker_memory(root):
    """Resident memory in MB of each granian worker under the ``bayan serve`` process ``root`` (read from /proc)."""
    children = children_of_each_process()
    # bayan serve -> granian -> its workers (the leaves).
    leaves, stack = [], [root]
    while stack:
        pid = stack.pop()
        if children.get(pid):
            stack += children[pid]
        elif pid != root:
            leaves.append(pid)
    found = []
    for pid in leaves:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
    return sorted(found)


def check_prerequisites(ports):
    """wrk and nginx (Debian's packages, installed when missing), the shared scripts, and free ports."""
    ensure_packages("wrk", "nginx")
    if not (SHARED_BENCH / "gen_corpus.py").exists():
        sys.exit(f"the shared benchmark scripts are not at {SHARED_BENCH}")
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"port {port} is already in use; stop what listens there "
                         "(or ../shared/bench/wordpress/stop.sh)")


def ensure_corpus(posts):
    corpus = WORK / "corpus"
    urls = corpus / "urls.json"
    if urls.exists() and json.loads(urls.read_text())["posts"] == posts and (corpus / "corpus.sql").exists():
        return corpus
    subprocess.run([sys.executable, SHARED_BENCH / "gen_corpus.py", "--posts", str(posts), "--out", corpus], check=True)
    return corpus


def bayan(args, env, **kwargs):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "bayan"), *args], env=env, check=True, **kwargs)


def import_corpus(corpus, posts, database_url=None):
    """A fresh Bayan instance holding the corpus (on SQLite, or on the PostgreSQL server of ``database_url``);
    returns its environment and the import's seconds."""
    data = WORK / (f"bayan-{posts}" if database_url is None else f"bayan-{posts}-postgresql")
    env = dict(os.environ, BAYAN_DATA_DIR=str(data), BAYAN_BASE_URL="http://127.0.0.1:8000")
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        from postgresql import fresh_database

        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + f"/bayan_{posts}"
        if not (data / "imported").exists():
            fresh_database(database_url, f"bayan_{posts}")
    marker = data / "imported"
    if marker.exists():
        # An instance from an earlier run: bring its schema and search index up to this version.
        bayan(["migrate", "-v0"], env)
        bayan(["search-rebuild"], env, stdout=subprocess.DEVNULL)
        seconds = float(marker.read_text())
    else:
        shutil.rmtree(data, ignore_errors=True)
        bayan(["migrate", "-v0"], env)
        bayan(["collectstatic", "--noinput", "-v0"], env)
        started = time.perf_counter()
        bayan(["import-wxr", str(corpus / "corpus.wxr")], env, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        marker.write_text(f"{seconds:.1f}")
    if database_url is not None:
        from postgresql import settle

        settle(env["DATABASE_URL"])
    return env, seconds


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds} s")


# Every page kind measured: load.py's mix, with the tag index and feeds ``extended_mix`` adds.
ALL_KINDS = "tag_page3,tag_deep,single,search,tag_index,feed"


def extended_mix(corpus):
    """urls.json with the page kinds load.py lacks: the tag index and feeds."""
    data = json.loads((corpus / "urls.json").read_text())
    mix = data["mix"]
    big_tag = mix["bayan"]["tag_page3"][0].split("/page/")[0]
    wordpress_tag = mix["wordpress"]["tag_page3"][0].split("/page/")[0]
    mix["bayan"]["tag_index"] = ["/en/tag/", "/ar/tag/"]
    mix["hugo"]["tag_index"] = ["/tags/"]  # Hugo lists its taxonomy at /tags/
    mix["bayan"]["feed"] = ["/en/feed/", f"{big_tag}/feed/"]
    mix["wordpress"]["feed"] = ["/feed/", f"{wordpress_tag}/feed/"]
    # One folder, rewritten by each run: a folder per run piled up under WORK.
    folder = WORK / "mix"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "urls.json").write_text(json.dumps(data, ensure_ascii=False))
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement (default 15)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds, best kept (default 2)")
    parser.add_argument("--kinds", default=ALL_KINDS, help="page kinds to load (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="Bayan server processes (default 2)")
    parser.add_argument("--database", default="sqlite",
                        help="the databases Bayan is measured on, uncached, side by side: sqlite, postgresql or "
                             "sqlite,postgresql (default sqlite; PostgreSQL 15 of Debian's packages is started on "
                             "port 5433, the corpus imported into it once)")
    parser.add_argument("--replica", action="store_true",
                        help="with postgresql: also serve uncached readers from a streaming replica of its cluster "
                             "(made afresh with pg_basebackup on port 5434), side by side")
    parser.add_argument("--json", default=str(WORK / "reader-pages.json"), help="where to write the figures")
    args = parser.parse_args()
    if args.posts < 100:
        parser.error("--posts must be at least 100 (the tag pages need depth)")
    databases = [name.strip() for name in args.database.split(",") if name.strip()]
    if not databases or set(databases) - {"sqlite", "postgresql"}:
        parser.error(f"--database {args.database!r}: name sqlite, postgresql or both, separated by a comma")
    if args.replica and "postgresql" not in databases:
        parser.error("--replica needs --database with postgresql: the replica is one of its cluster")
    check_prerequisites([8000, 8001, 8004, 8005, 8082, 8083, *([8006] if args.replica else [])])
    from postgresql import cluster, replica
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        corpus = ensure_corpus(args.posts)
        serve = [str(ROOT / ".venv" / "bin" / "bayan"), "serve", "--workers", str(args.workers), "--no-scheduler"]
        # Each database's instance uncached: SQLite's as "bayan" on 8000, PostgreSQL's as "bayan-postgresql"
        # on 8004; the page cache and nginx in front of it are measured on the first one named.
        targets, env, servers = [], None, {}
        for database in databases:
            url = None if database == "sqlite" else cluster(bench, WORK / "postgresql")
            found, import_seconds = import_corpus(corpus, args.posts, url)
            print(f"import ({database}): {args.posts} posts in {import_seconds:.1f} s", flush=True)
            env = env or found
            name, port = ("bayan", 8000) if database == "sqlite" else ("bayan-postgresql", 8004)
            servers[name] = bench.start([*serve, "--port", str(port)], dict(found, BAYAN_PAGE_CACHE="false"),
                                        WORK / f"{name}-{port}.log")
            targets.append((name, port))
            if database == "postgresql":
                # PostgreSQL's with the page cache too, for the capacity model (docs/scaling.md).
                servers["bayan-postgresql-cached"] = bench.start([*serve, "--port", "8005"], found,
                                                                 WORK / "bayan-postgresql-8005.log")
                targets.append(("bayan-postgresql-cached", 8005))
            if database == "postgresql" and args.replica:
                # Made after the import and its vacuum, so it holds the same rows and statistics.
                replica_url = replica(bench, WORK / "postgresql-replica").rsplit("/", 1)[0]
                on_replica = dict(found, BAYAN_PAGE_CACHE="false",
                                  BAYAN_REPLICA_URLS=replica_url + "/" + found["DATABASE_URL"].rsplit("/", 1)[1])
                servers["bayan-postgresql-replica"] = bench.start([*serve, "--port", "8006"], on_replica,
                                                                  WORK / "bayan-postgresql-replica-8006.log")
                targets.append(("bayan-postgresql-replica", 8006))
        servers["bayan-cached"] = bench.start([*serve, "--port", "8001"], env, WORK / "bayan-8001.log")
        nginx_state = WORK / "nginx-bayan"
        nginx_state.mkdir(exist_ok=True)
        (nginx_state / "nginx.conf").write_text(NGINX_CONF.format(state=nginx_state, port=8083, upstream=8001))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        bench.start([nginx, "-c", str(nginx_state / "nginx.conf"), "-g", "daemon off;"])
        subprocess.run([SHARED_BENCH / "hugo" / "build.sh", corpus], check=True)
        # Hugo's output served as plain files by nginx (8082), stopped with the rest.
        subprocess.run([SHARED_BENCH / "hugo" / "serve.sh", corpus], check=True, stdout=subprocess.DEVNULL)
        bench.cleanups.append(lambda: subprocess.run([SHARED_BENCH / "hugo" / "stop.sh"], check=False,
                                                     stdout=subprocess.DEVNULL))
        subprocess.run([SHARED_BENCH / "wordpress" / "setup.sh", corpus], check=True, stdout=subprocess.DEVNULL)
        bench.cleanups.append(lambda: subprocess.run([SHARED_BENCH / "wordpress" / "stop.sh"], check=False))
        for _name, port in [*targets, ("bayan-cached", 8001), ("bayan-nginx", 8083)]:
            wait_for(f"http://127.0.0.1:{port}/en/")
        wait_for("http://127.0.0.1:8082/")
        # load.py measures the targets in this order, each right after the one before. WordPress keeps both cores
        # busy for a second or two after its load stops (PHP finishing the requests in flight, half a second
        # each), and whatever is measured next pays for it in its slowest answers: uncached feeds, which Hugo's
        # site does not have, showed a p99 of 68 to 81 ms right after it and 29 to 34 ms three seconds later. A
        # static server follows it instead: Hugo's for the kinds it has, nginx's cache of Bayan for the others.
        load = [
            sys.executable, SHARED_BENCH / "load.py", "--corpus", extended_mix(corpus),
            "--target", "wordpress=http://127.0.0.1:8081", "--target", "hugo=http://127.0.0.1:8082",
            "--target", "bayan-nginx=http://127.0.0.1:8083",
            *[argument for name, port in targets for argument in ("--target", f"{name}=http://127.0.0.1:{port}")],
            "--target", "bayan-cached=http://127.0.0.1:8001",
            "--kinds", args.kinds, "--duration", str(args.duration), "--rounds", str(args.rounds), "--json", args.json,
        ]
        subprocess.run(load, check=True)
        print("resident memory after the load, per server process (MB):")
        for name, process in servers.items():
            print(f"  {name}: " + ", ".join(f"{megabytes:.1f}" for megabytes in worker_memory(process.pid)))
    finally:
        bench.stop_all()


if __name__ == "__main__":
    main()
