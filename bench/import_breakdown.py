#!/usr/bin/env python3
"""Where an import's time goes: the same corpus imported with parts of the work switched off.

    .venv/bin/python bench/import_breakdown.py [--posts 2000]

Each variant imports into a fresh SQLite data directory in a child process: everything
(search documents built by a background process, as by default); everything in the one
process; without the search index; without the search index and Wagtail's admin index.
The differences are what those parts cost. Run it on a quiet machine; compare within one run.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
WORK = Path("/tmp/bayan-bench")
# name: (BAYAN_INDEX_WORKERS, what is switched off)
VARIANTS = {
    "everything": ("1", ""),
    "search-in-this-process": ("0", ""),
    "no-search": ("0", "search"),
    "no-search-no-admin-index": ("0", "search admin-index"),
}

CHILD = """
import os, sys, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
switched_off = sys.argv[2].split()
if "search" in switched_off:
    import bayan.search.indexing as indexing
    indexing.index_posts = lambda post_ids: None
if "admin-index" in switched_off:
    from modelsearch.backends.base import BaseSearchBackend
    BaseSearchBackend.add_bulk = lambda *args, **kwargs: None
from bayan.wxr.importer import import_files
started = time.perf_counter()
import_files([sys.argv[1]])
print(f"{time.perf_counter() - started:.2f}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=2000, help="corpus size (default 2000)")
    args = parser.parse_args()
    if args.posts < 1:
        parser.error("--posts must be at least 1")
    if not GENERATOR.exists():
        sys.exit(f"the corpus generator is not at {GENERATOR}")
    wxr = WORK / f"corpus-{args.posts}" / "corpus.wxr"
    if not wxr.exists():
        subprocess.run([sys.executable, GENERATOR, "--posts", str(args.posts), "--format", "wxr",
                        "--out", wxr.parent], check=True, stdout=subprocess.DEVNULL)
    print(f"{args.posts} posts")
    for variant, (workers, switched_off) in VARIANTS.items():
        data = Path(tempfile.mkdtemp(prefix="bayan-breakdown-"))
        try:
            environment = dict(os.environ, BAYAN_DATA_DIR=str(data), BAYAN_SECRET_KEY="benchmark only",
                               DJANGO_SETTINGS_MODULE="bayan.settings", BAYAN_INDEX_WORKERS=workers)
            environment.pop("DATABASE_URL", None)
            result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", CHILD, str(wxr), switched_off],
                                    env=environment, check=True, capture_output=True, text=True, cwd=ROOT)
            print(f"  {variant:28} {result.stdout.strip()} s")
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
