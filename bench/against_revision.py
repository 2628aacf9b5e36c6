#!/usr/bin/env python3
"""Reader pages of this checkout against an earlier revision, uncached, measured alternately in one run.

    .venv/bin/python bench/against_revision.py --rev 3e92c52 [--new f1c4336] [--posts 10000] [--kinds tag_page3]
                                               [--cached]

A change to what every page shows (the header, the menus) must not make readers wait: this
puts the code before the change and the code now side by side on the same corpus and the
same machine, at the same moment, so the shared machine's noise falls on both alike.

Steps, all on loopback:
1. generate the standard corpus with ../shared/bench/gen_corpus.py (unless it is there already);
2. check the revision out as a git worktree under /tmp/bayan-bench/ (kept for later runs);
3. import the corpus's WXR twice into fresh data directories, once with each code, using this
   checkout's virtual environment (each code first on PYTHONPATH); with --new, that later
   revision is checked out and measured in place of this checkout;
4. serve both without the page cache (with it, given ``--cached``), this checkout on port 8000
   and the revision on 8004, each from its own tree;
5. load them alternately with ../shared/bench/load.py and print req/s, p50, p99 and the ratio
   of this checkout to the revision (first target: the revision).
Every process it starts is stopped at the end, also on Ctrl-C or failure.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from debian import ensure_packages
from reader_pages import ROOT, SHARED_BENCH, WORK, Bench, ensure_corpus, extended_mix, wait_for

PYTHON = ROOT / ".venv" / "bin" / "python"


def ensure_prerequisites(ports):
    """wrk (Debian's package, installed when missing) and free ports."""
    ensure_packages("wrk")
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"port {port} is already in use; stop what listens there")


def worktree_of(revision):
    """A checkout of ``revision`` under WORK, made once; returns its path and the full commit id."""
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", f"{revision}^{{commit}}"],
                            capture_output=True, text=True)
    if commit.returncode:
        sys.exit(f"--rev {revision!r}: not a commit of this repository")
    commit = commit.stdout.strip()
    tree = WORK / f"rev-{commit[:12]}"
    if not (tree / "bayan").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["git", "-C", ROOT, "worktree", "prune"], check=True)
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, commit], check=True,
                       stdout=subprocess.DEVNULL)
    return tree, commit


def code_environment(code_root, data, port):
    """The environment that runs ``code_root``'s Bayan on ``data``, with this checkout's packages."""
    # PYTHONSAFEPATH: `python -m` would otherwise put the working directory (this checkout, wherever the bench
    # was started from) before PYTHONPATH, and the revision's commands would run this checkout's code. The
    # servers' workers are started in ``code_root`` too: granian puts its working directory first on the path.
    env = dict(os.environ, BAYAN_DATA_DIR=str(data), BAYAN_BASE_URL=f"http://127.0.0.1:{port}",
               PYTHONPATH=str(code_root), PYTHONSAFEPATH="1", BAYAN_PAGE_CACHE="false")
    env.pop("DATABASE_URL", None)
    return env


def check_runs_its_own_code(env, code_root):
    """Stop unless ``env`` imports Bayan from ``code_root``: a comparison of one code with itself measures nothing."""
    found = subprocess.run([PYTHON, "-c", "import bayan; print(bayan.__file__)"], env=env, cwd=code_root,
                           check=True, capture_output=True, text=True).stdout.strip()
    if not Path(found).resolve().is_relative_to(Path(code_root).resolve()):
        sys.exit(f"the Bayan meant to come from {code_root} would be imported from {found}")


def bayan(env, *args, **kwargs):
    kwargs.setdefault("cwd", env["PYTHONPATH"])
    return subprocess.run([PYTHON, "-m", "bayan.cli", *args], env=env, check=True, **kwargs)


def imported(code_root, corpus, name, port):
    """A data directory holding the corpus as ``code_root``'s code imported it; returns its environment."""
    data = WORK / name
    env = code_environment(code_root, data, port)
    check_runs_its_own_code(env, code_root)
    if not (data / "imported").exists():
        shutil.rmtree(data, ignore_errors=True)
        bayan(env, "compilemessages", "-v0", cwd=code_root / "bayan")
        bayan(env, "migrate", "-v0")
        bayan(env, "collectstatic", "--noinput", "-v0")
        started = time.perf_counter()
        bayan(env, "import-wxr", str(corpus / "corpus.wxr"), stdout=subprocess.DEVNULL)
        (data / "imported").write_text(f"{time.perf_counter() - started:.1f}")
    else:
        bayan(env, "migrate", "-v0")
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", required=True, help="the revision to compare with (a commit, tag or branch)")
    parser.add_argument("--new", help="a later revision to measure in place of this checkout (checked out likewise), "
                                      "to judge a change made before the checkout's newest commits")
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds, best kept (default 3)")
    parser.add_argument("--kinds", default="tag_page3",
                        help="page kinds to load (default tag_page3; tag_index and feed as in reader_pages.py)")
    parser.add_argument("--cached", action="store_true", help="serve both with their page cache on")
    parser.add_argument("--workers", type=int, default=2, help="server processes for each (default 2)")
    parser.add_argument("--json", default=str(WORK / "against-revision.json"), help="where to write the figures")
    args = parser.parse_args()
    if args.posts < 100:
        parser.error("--posts must be at least 100 (the tag pages need depth)")
    ensure_prerequisites([8000, 8004])
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        corpus = ensure_corpus(args.posts)
        tree, commit = worktree_of(args.rev)
        if args.new:
            new_tree, new_commit = worktree_of(args.new)
            now_env = imported(new_tree, corpus, f"rev-{new_commit[:12]}-{args.posts}", 8000)
        else:
            new_tree, new_commit = ROOT, "this checkout"
            now_env = imported(ROOT, corpus, f"now-{args.posts}", 8000)
        then_env = imported(tree, corpus, f"rev-{commit[:12]}-{args.posts}", 8004)
        for env, port, name, code_root in ((now_env, 8000, "now", new_tree), (then_env, 8004, "revision", tree)):
            bench.start([PYTHON, "-m", "bayan.cli", "serve", "--workers", str(args.workers), "--no-scheduler",
                         "--port", str(port)], dict(env, BAYAN_PAGE_CACHE=str(args.cached).lower()),
                        WORK / f"{name}-{port}.log", cwd=code_root)
        for port in (8000, 8004):
            wait_for(f"http://127.0.0.1:{port}/en/")
        subprocess.run([
            sys.executable, SHARED_BENCH / "load.py", "--corpus", extended_mix(corpus),
            "--target", "bayan-before=http://127.0.0.1:8004", "--target", "bayan=http://127.0.0.1:8000",
            "--kinds", args.kinds, "--duration", str(args.duration), "--rounds", str(args.rounds), "--json", args.json,
        ], check=True)
        print(f"revision (bayan-before): {commit}\nmeasured against it (bayan): {new_commit}")
    finally:
        bench.stop_all()


if __name__ == "__main__":
    main()
