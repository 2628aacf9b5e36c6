#!/usr/bin/env python3
"""The static mirror against Hugo's full build of the same corpus: export speed, and syncs after an edit and a new post.

    .venv/bin/python bench/mirror.py [--posts 10000] [--rounds 2]

The issue asks, on the 10,000-post corpus, side by side in one run:
- a full export at no less than half Hugo's pages per second (Hugo's full build of the same
  posts with ../shared/bench/hugo/build.sh);
- publishing one edited post to a synced, re-signed mirror at least 10 times faster than
  Hugo's full build;
- a new post (which moves every page of its language's home and of its tags) to a synced
  mirror at least 3 times faster than Hugo's full build.

Steps, on this machine:
1. the standard corpus (generated and imported by this checkout when missing, as
   bench/against_revision.py keeps it, /tmp/bayan-bench/now-<posts>), copied to
   /tmp/bayan-bench/mirror-<posts>/ so that the edits below stay there; the Hugo site of the
   same corpus (gen_corpus.py --format hugo, when missing);
2. `bayan mirror keygen`, then ``--rounds`` times, alternately: Hugo's full build, and `bayan
   mirror export` into a new folder (the last round's kept for the syncs below), the best of each
   kept; before each, the disk is made to write out what is waiting (``os.sync``), so that neither
   is timed while the kernel writes the other's files or the copied instance (pages: the
   index.html files written, as Hugo's are counted, less the pages at old addresses that only
   lead on, which Hugo's site of the corpus lacks);
3. ``--rounds`` times: one post's title edited and published (`bayan shell`), then `bayan
   mirror sync`, timed as a whole (process start included) and as the sync reports itself;
   then a new post with the corpus's most common English tag, and the same;
4. the same changes in one process that has synced once already, each followed by the sync
   task `bayan serve`'s worker runs (``sync_mirror``), timed from the change's commit to the
   signed manifest: the path a publication takes on the site (less the queue's debounce).
Nothing is left running.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

from against_revision import PYTHON, code_environment, imported
from reader_pages import ROOT, SHARED_BENCH, WORK, ensure_corpus

PORT = 8009
COPY_ADDRESS = "https://copy.example.org"
EDIT = """
from bayan.newsroom.models import PostPage
post = PostPage.objects.live().filter(locale__language_code="en").order_by("-date")[{index}]
post.title = post.title.rstrip(" .") + " (updated {index})"
post.save_revision().publish()
"""
NEW = """
from django.utils import timezone
from bayan.newsroom.models import Tag
from bayan.newsroom.services import add_post
tag = Tag.objects.filter(locale__language_code="en", slug="arresting-activists").first()
add_post("en", "A new statement on the arrested activists {index}", body="<p>Fresh text {index}.</p>",
         date=timezone.now(), tags=[tag] if tag else [])
"""


# The site's own path: a worker that has run a sync already (as `bayan serve`'s has), then one change
# committed and the queued task run, timed from the commit to the signed manifest.
WORKER = """
import json, time
from django.db import transaction
from bayan.mirror.tasks import sync_mirror
CHANGES = {changes!r}
sync_mirror.call()
seconds = {{"edit": [], "new": []}}
for kind in ("edit", "new"):
    for index in range({rounds}):
        with transaction.atomic():
            exec(CHANGES[kind].format(index=100 + index))
        started = time.perf_counter()
        sync_mirror.call()
        seconds[kind].append(time.perf_counter() - started)
print("WORKER " + json.dumps(seconds))
"""


def worker_syncs(env, folder, rounds):
    """``{"edit": [seconds], "new": [seconds]}`` of syncs run as the site's warm worker runs them."""
    script = WORKER.format(changes={"edit": EDIT, "new": NEW}, rounds=rounds)
    done = subprocess.run([PYTHON, "-m", "bayan.cli", "shell", "-c", script],
                          env=dict(env, BAYAN_MIRROR_DIR=str(folder)), capture_output=True, text=True)
    found = re.search(r"^WORKER (.*)$", done.stdout, re.M)
    if done.returncode != 0 or not found:
        sys.exit(f"the worker's syncs failed:\n{done.stderr[-2000:]}")
    return json.loads(found.group(1))


def hugo_site(corpus):
    """The Hugo site of ``corpus``, written by gen_corpus.py when missing."""
    site = corpus / "hugo"
    if not (site / "config.toml").exists():
        subprocess.run([sys.executable, SHARED_BENCH / "gen_corpus.py", "--posts", str(json.loads(
            (corpus / "urls.json").read_text())["posts"]), "--format", "hugo", "--out", corpus], check=True)


def hugo_build(corpus):
    """One full build of Hugo's site: (pages, seconds, the script's line)."""
    os.sync()
    out = subprocess.run(["bash", SHARED_BENCH / "hugo" / "build.sh", str(corpus)], capture_output=True,
                         text=True, check=True).stdout
    found = re.search(r"(\d+) pages in ([\d.]+) s", out)
    return int(found.group(1)), float(found.group(2)), out.strip()


def export(env, folder):
    """One full export into ``folder`` (emptied first): (pages, files, seconds)."""
    shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    seconds, _out = timed([PYTHON, "-m", "bayan.cli", "mirror", "export", str(folder), "--base-url", COPY_ADDRESS],
                          env)
    # The pages at the old addresses the site redirects lead on and are not drawn; Hugo's site has none.
    moved = len(json.loads((folder / "bayan-mirror.json").read_text(encoding="utf-8"))["moved"])
    pages = sum(1 for _ in folder.rglob("index.html")) - moved
    files = sum(1 for path in folder.rglob("*") if path.is_file())
    return pages, files, seconds


def timed(command, env):
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def mirror_copy(posts, corpus):
    source = WORK / f"now-{posts}"
    imported(ROOT, corpus, source.name, PORT)
    data = WORK / f"mirror-{posts}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(source, data)
    env = code_environment(ROOT, data, PORT)
    subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=env, check=True)
    return data, env


def sync_after(change, index, env, folder):
    subprocess.run([PYTHON, "-m", "bayan.cli", "shell", "-c", change.format(index=index)], env=env, check=True,
                   capture_output=True)
    seconds, out = timed([PYTHON, "-m", "bayan.cli", "mirror", "sync", str(folder)], env)
    reported = float(re.search(r"in ([\d.]+) s", out).group(1))
    written = int(re.search(r"([\d,]+) written", out).group(1).replace(",", ""))
    return seconds, reported, written


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    corpus = ensure_corpus(args.posts)
    data, env = mirror_copy(args.posts, corpus)
    hugo_site(corpus)
    subprocess.run([PYTHON, "-m", "bayan.cli", "mirror", "keygen"], env=env, check=True, capture_output=True)
    folder = data / "mirror-out"
    builds, exports = [], []
    for _ in range(args.rounds):
        builds.append(hugo_build(corpus))
        exports.append(export(env, folder))
        print(f"round {len(builds)}: Hugo {builds[-1][1]:.2f} s, bayan mirror export {exports[-1][2]:.1f} s",
              flush=True)
    hugo_pages, hugo_seconds, hugo_line = min(builds, key=lambda build: build[1])
    pages, files, export_seconds = min(exports, key=lambda made: made[2])
    edits = [sync_after(EDIT, index, env, folder) for index in range(args.rounds)]
    news = [sync_after(NEW, index, env, folder) for index in range(args.rounds)]
    edit, new = min(edits), min(news)
    worker = worker_syncs(env, folder, args.rounds)
    warm_edit, warm_new = min(worker["edit"]), min(worker["new"])
    print(f"\nStatic mirror on {args.posts} posts, side by side with Hugo's full build (best of {args.rounds})")
    print(hugo_line)
    print(f"bayan mirror export: {pages} pages ({files} files) in {export_seconds:.1f} s "
          f"({pages / export_seconds:.0f} pages/s); ratio to Hugo's pages/s "
          f"{(pages / export_seconds) / (hugo_pages / hugo_seconds):.2f} (target at least 0.5)")
    print(f"edit one post, then sync: {edit[0]:.2f} s with the command's start ({edit[1]:.2f} s of sync, "
          f"{edit[2]} files written); Hugo's full build over it {hugo_seconds / edit[0]:.1f}x (target at least 10)")
    print(f"new post, then sync: {new[0]:.2f} s with the command's start ({new[1]:.2f} s of sync, "
          f"{new[2]} files written); Hugo's full build over it {hugo_seconds / new[0]:.1f}x (target at least 3)")
    print(f"as the site's worker runs it (a warm process, the queued task): edit {warm_edit:.2f} s, "
          f"{hugo_seconds / warm_edit:.1f}x; new post {warm_new:.2f} s, {hugo_seconds / warm_new:.1f}x")


if __name__ == "__main__":
    main()
