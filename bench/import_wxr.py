#!/usr/bin/env python3
"""WXR import speed and peak memory on the standard generated corpus.

    .venv/bin/python bench/import_wxr.py [--posts 10000]

Generates the corpus with ../shared/bench/gen_corpus.py (unless it is already in
/tmp/bayan-bench/corpus-<posts>), imports it into a fresh data directory with
`bayan import-wxr`, and prints posts per second and the importing process's peak
resident memory (the kernel's accounting of that process and the worker it starts), then imports
the same file again and prints how many posts it found unchanged.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
WORK = Path("/tmp/bayan-bench")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    args = parser.parse_args()
    if args.posts < 1:
        parser.error("--posts must be at least 1")
    if not GENERATOR.exists():
        sys.exit(f"the corpus generator is not at {GENERATOR}")
    corpus = WORK / f"corpus-{args.posts}"
    wxr = corpus / "corpus.wxr"
    if not wxr.exists():
        subprocess.run([sys.executable, GENERATOR, "--posts", str(args.posts), "--format", "wxr", "--out", corpus],
                       check=True)
    data = WORK / f"import-{args.posts}"
    shutil.rmtree(data, ignore_errors=True)
    environment = dict(os.environ, BAYAN_DATA_DIR=str(data))
    environment.pop("DATABASE_URL", None)
    bayan = str(ROOT / ".venv" / "bin" / "bayan")
    subprocess.run([bayan, "migrate", "-v0"], env=environment, check=True)
    started = time.perf_counter()
    importing = subprocess.Popen([bayan, "import-wxr", str(wxr), "--report", str(data / "report.json")],
                                 env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The import's own figure (its search worker included), not that of every child so far:
    # generating the corpus above holds all of it in memory.
    _pid, status, usage = os.wait4(importing.pid, 0)
    importing.returncode = os.waitstatus_to_exitcode(status)
    if importing.returncode:
        sys.exit(f"the import failed with exit code {importing.returncode}")
    seconds = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024
    created = json.loads((data / "report.json").read_text())["counts"]["post"].get("created", 0)
    print(f"posts: {created}  file: {wxr.stat().st_size / 1e6:.0f} MB  seconds: {seconds:.1f}  "
          f"posts/s: {created / seconds:.0f}  peak RSS: {peak_mb:.0f} MB")
    # The same file again must change nothing.
    started = time.perf_counter()
    subprocess.run([bayan, "import-wxr", str(wxr), "--report", str(data / "again.json")], env=environment,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    again = json.loads((data / "again.json").read_text())["counts"]["post"]
    print(f"again: seconds: {time.perf_counter() - started:.1f}  posts unchanged: {again.get('unchanged', 0)}  "
          f"created or updated: {again.get('created', 0) + again.get('updated', 0)}")


if __name__ == "__main__":
    main()
