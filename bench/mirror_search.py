#!/usr/bin/env python3
"""The mirror's offline search against Pagefind on the same exported pages: index size, first query, latency, recall.

    .venv/bin/python bench/mirror_search.py [--posts 10000] [--runs 5] [--rev HEAD] [--reuse-export]

The issue asks, at 10,000 posts: the first query downloads at most 300 kB in total
(compressed as served); a query for a word in half the posts answers within 100 ms in headless
Chromium; recall@10 at least 0.95 and equal to the live site's on an export of an instance
holding the search evaluation set's documents; the whole index in under 1,000 files; and
Pagefind's figures beside them, over the same exported pages.

Steps, on this machine and on loopback, with this checkout's code (or, with ``--rev``, a clean
worktree of that revision, as bench/against_revision.py keeps them: the figures are then the
commit's whatever the working tree holds):
1. the standard corpus (generated and imported by this checkout when missing, as
   bench/against_revision.py keeps it in /tmp/bayan-bench/now-<posts>), copied once to
   /tmp/bayan-bench/mirror-search-<posts>/data; there `bayan migrate`, `bayan collectstatic`
   (so that the copy's scripts and style sheet are the code's), `bayan mirror keygen` when it
   has no key, then `bayan mirror export` into a new folder, mirror-search-<posts>/out
   (``--reuse-export`` keeps the export and Pagefind's index of an earlier run when there);
2. Pagefind (the ``pagefind[bin]`` package, installed into the virtual environment when
   missing) over the same folder: the post pages (``<lang>/<slug>/index.html``, their
   ``article.post`` element), written to out/pagefind;
3. the size of each index: files, bytes, and bytes as served (gzip -6 for text files);
4. for each language, the word whose terms are in the share of the language's posts closest
   to half (from the site's search documents);
5. the folder served by bench/gzip_static_server.py (gzip for text, as a static host would);
   in headless Chromium, for each language and each engine: ``--runs`` cold first queries
   (a new browser context each, nothing cached) and as many warm ones (the same query again
   in the same context, its files in the HTTP cache), after one untimed round; every answer
   of the first cold query recorded with its bytes as sent; Bayan's time is the page's own
   ``data-search-milliseconds`` (from the search's start to the rendered results, the index
   files' loading included), Pagefind's the same span measured around ``pagefind.search``
   and the data of the first ten results, on a small page written into the export
   (pagefind-bench-<lang>.html); both also from the navigation's start;
6. recall@10 on the search evaluation set: a fresh temporary instance holding its fifty
   documents as posts, exported and indexed by Pagefind; each of its 87 queries (the 78 that
   expect documents count) asked of the live site's search (``bayan.search.searching.search``),
   of the copy's search page in Chromium and of Pagefind (on the page of the query's language).
The table is printed and the figures written to /tmp/bayan-bench/mirror-search.json.
Every process it starts is stopped at the end, also on Ctrl-C or failure.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from against_revision import PYTHON, code_environment, imported, worktree_of
from mirror_search_browser import (
    PAGEFIND_PAGE,
    bayan_query,
    is_bayan_search_file,
    is_pagefind_file,
    offline_answers,
    pagefind_answers,
    pagefind_query,
    timed_queries,
)
from reader_pages import ROOT, WORK, Bench, ensure_corpus, wait_for

INSTANCE_PORT = 8012  # the instances' own address (never served: the copies are)
SERVE_PORT = 8013
EVALUATION_PORT = 8014
COPY_ADDRESS = "https://copy.example.org"
RESULTS = WORK / "mirror-search.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGEFIND_VERSION = "1.5.2"
PAGEFIND_GLOB = "*/*/index.html"
PAGEFIND_ROOT = "article.post"
PAGEFIND_UI = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt")
TARGETS = {"first_query_kb": 300, "latency_ms": 100, "recall": 0.95, "files": 1000}

# Run by `bayan shell -c`: for each language, the word (as a title writes it) whose terms are in the share of its
# posts closest to half.
HALF_WORDS = """
import json
from collections import defaultdict
from bayan.newsroom.models import PostPage
from bayan.search.analysis import STOP_WORDS, analyse_word, words
from bayan.search.models import SearchDocument

posts, totals = defaultdict(lambda: defaultdict(set)), defaultdict(int)
for page_id, language, *columns in SearchDocument.objects.values_list(
        "page_id", "language", "title_terms", "body_terms", "form_terms").iterator(chunk_size=2000):
    totals[language] += 1
    for term in set(" ".join(columns).split()):
        posts[language][term].add(page_id)
typed = defaultdict(dict)
for language, title in PostPage.objects.live().values_list("locale__language_code", "title").iterator():
    for token in title.split():
        token = token.strip(".,:;!?()[]«»\\"'،؛؟")
        found = words(token)
        if len(found) == 1 and found[0] not in STOP_WORDS and not found[0].isdigit():
            typed[language].setdefault(found[0], token)
chosen = {}
for language, total in totals.items():
    best = None
    for word, token in typed[language].items():
        stem, forms, _close = analyse_word(word)
        matched = set().union(*(posts[language].get(term, set()) for term in (stem, *forms)))
        key = (abs(len(matched) / total - 0.5), word)
        if best is None or key < best[0]:
            best = (key, {"word": token, "stem": stem, "posts": len(matched), "language_posts": total,
                          "share": round(len(matched) / total, 4)})
    chosen[language] = best[1]
chosen["all_posts"] = sum(totals.values())
open({out!r}, "w").write(json.dumps(chosen, ensure_ascii=False))
"""

# Run by `bayan shell -c` in the evaluation's instance: its documents as posts, as the offline search's test makes
# them (bayan/mirror/tests/test_offline_search.py), but with an author that has a slug, so that the posts' pages
# render and are exported.
EVALUATION_POSTS = """
from datetime import UTC, date, datetime, time
from django.utils.text import slugify
from wagtail.models import Locale
from bayan.newsroom.models import Category
from bayan.newsroom.services import add_post, author_named
from bayan.search.evaluation import load
from bayan.search.models import SearchDocument

documents, _queries = load()
for document in documents:
    language = document["language"]
    locale = Locale.objects.get(language_code=language)
    category = Category.objects.filter(locale=locale, slug=document["category"]).first()
    if category is None:
        category = Category.objects.create(name=document["category"], slug=document["category"], locale=locale)
    add_post(language, document["title"], slug=slugify(document["key"]),
             body="".join(f"<p>{paragraph}</p>" for paragraph in document["body"].split("\\n\\n")),
             date=datetime.combine(date.fromisoformat(document["date"]), time(12), tzinfo=UTC),
             category=category, tags=document["tags"], authors=[author_named(document["author"])])
assert SearchDocument.objects.count() == len(documents), "the posts were not all indexed"
"""

# Run by `bayan shell -c`: the live site's answers to the evaluation's queries, as post slugs, hits then close hits.
LIVE_ANSWERS = """
import json
from django.utils import timezone
from bayan.newsroom.models import PostPage
from bayan.search import searching
from bayan.search.evaluation import load

slugs = dict(PostPage.objects.values_list("pk", "slug"))
answers = []
for item in load()[1]:
    live = searching.search(item["query"], now=timezone.now())
    answers.append([slugs[hit.post_id] for hit in [*live.hits, *live.close_hits]])
open({out!r}, "w").write(json.dumps(answers, ensure_ascii=False))
"""

def bayan(env, *args, **kwargs):
    """`bayan <args>` on the instance of ``env``, with its code: run from the code's folder, which ``python -m``
    puts first on the path (before PYTHONPATH)."""
    options = {"stdout": subprocess.DEVNULL, "cwd": env["PYTHONPATH"], **kwargs}
    return subprocess.run([PYTHON, "-m", "bayan.cli", *args], env=env, check=True, **options)


def shell(env, code):
    """Run ``code`` in `bayan shell` on the instance of ``env``."""
    bayan(env, "shell", "-c", code)


def ensure_pagefind():
    """Pagefind's binary in the virtual environment (pip's pagefind[bin]), installed when missing; its version."""
    check = subprocess.run([PYTHON, "-m", "pagefind", "--version"], capture_output=True, text=True)
    if check.returncode:
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", f"pagefind[bin]=={PAGEFIND_VERSION}"], check=True)
        check = subprocess.run([PYTHON, "-m", "pagefind", "--version"], capture_output=True, text=True, check=True)
    return check.stdout.strip()


def check_ports(ports):
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"port {port} is already in use; stop what listens there")


def prepared_instance(posts, code_root):
    """The data dir holding the standard corpus for this benchmark, ready to export with ``code_root``'s code."""
    corpus = ensure_corpus(posts)
    data = WORK / f"mirror-search-{posts}" / "data"
    if not (data / "imported").exists():
        imported(ROOT, corpus, f"now-{posts}", INSTANCE_PORT)
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(WORK / f"now-{posts}", data)
    env = code_environment(code_root, data, INSTANCE_PORT)
    # The translations are not in the repository: a worktree's are compiled here (the checkout's again, likewise).
    bayan(env, "compilemessages", "-v0", cwd=code_root / "bayan")
    bayan(env, "migrate", "-v0")
    ready_to_export(env, data)
    return env


def ready_to_export(env, data):
    """The code's static files collected (an older collection may lack the copy's scripts), a mirror key made."""
    bayan(env, "collectstatic", "--noinput", "-v0")
    if not (data / "mirror" / "bayan-mirror.key").exists():
        bayan(env, "mirror", "keygen")


def export(env, folder):
    """`bayan mirror export` into a new ``folder``; returns its seconds."""
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    bayan(env, "mirror", "export", str(folder), "--base-url", COPY_ADDRESS, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_pagefind(folder):
    """Pagefind over the post pages of ``folder``, into folder/pagefind; returns its seconds and its summary."""
    shutil.rmtree(folder / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind",
                           "--glob", PAGEFIND_GLOB, "--root-selector", PAGEFIND_ROOT], capture_output=True, text=True,
                          check=True)
    seconds = time.perf_counter() - started
    pages = re.search(r"Indexed ([\d,]+) pages?", done.stdout)
    found_words = re.search(r"Indexed ([\d,]+) words?", done.stdout)
    return seconds, {"pages": int(pages.group(1).replace(",", "")) if pages else None,
                     "words": int(found_words.group(1).replace(",", "")) if found_words else None}


def write_pagefind_pages(folder, languages):
    for language in languages:
        (folder / f"pagefind-bench-{language}.html").write_text(
            PAGEFIND_PAGE.format(language=language, direction="rtl" if language == "ar" else "ltr"))


def served_size(path):
    """The bytes the benchmark's server sends for ``path``: gzip -6 for text files, the file itself otherwise."""
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6, mtime=0)) if path.suffix in TEXT_SUFFIXES else len(data)


def sizes(paths):
    paths = list(paths)
    return {"files": len(paths), "bytes": sum(path.stat().st_size for path in paths),
            "served_bytes": sum(served_size(path) for path in paths)}


def search_scripts(folder, language):
    """The copy's three search scripts, as the search page names them."""
    page = (folder / language / "search" / "index.html").read_text()
    return [(folder / language / "search" / source).resolve()
            for source in re.findall(r'<script src="([^"]+)"', page) if "/mirror/" in source]


def index_sizes(folder, languages):
    """Files and bytes of Bayan's index (every language's, with its scripts) and of Pagefind's output."""
    bayan_files = [path for language in languages
                   for path in sorted((folder / language / "search" / "index").iterdir())]
    scripts = search_scripts(folder, languages[0])
    pagefind_files = [path for path in sorted((folder / "pagefind").rglob("*")) if path.is_file()]
    return {
        "bayan": {**sizes(bayan_files + scripts), "index_only": sizes(bayan_files), "scripts": sizes(scripts),
                  "by_language": {language: sizes((folder / language / "search" / "index").iterdir())
                                  for language in languages}},
        "pagefind": {**sizes(pagefind_files), "without_ui": sizes(
            path for path in pagefind_files if not path.name.startswith(PAGEFIND_UI))},
    }


def half_words(env):
    """{language: {word, stem, posts, language_posts, share}}: the words to time, chosen from the search documents."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=WORK) as out:
        shell(env, HALF_WORDS.replace("{out!r}", repr(out.name)))
        return json.loads(Path(out.name).read_text())


def browser_figures(browser, base, words, languages, runs):
    """Cold and warm query times and the first query's bytes, for both engines in every language."""
    figures = {}
    for language in languages:
        word = words[language]["word"]
        figures[language] = {
            "bayan": timed_queries(browser, base, language, word, runs, bayan_query, is_bayan_search_file),
            "pagefind": timed_queries(browser, base, language, word, runs, pagefind_query, is_pagefind_file),
        }
        print(f"  {language} {word!r}: Bayan {figures[language]['bayan']['cold_ms']:.0f} ms cold, "
              f"Pagefind {figures[language]['pagefind']['cold_ms']:.0f} ms cold", flush=True)
    return figures


def recall_at_ten(found, expected):
    return len(set(found[:10]) & set(expected)) / len(expected)


def recalls(queries, answers):
    """Mean recall@10 overall and per language, over the queries that expect documents."""
    by_language = {}
    for item, found in zip(queries, answers, strict=True):
        if item["expected"]:
            expected = [key.lower() for key in item["expected"]]
            by_language.setdefault(item["language"], []).append(recall_at_ten(found, expected))
    every = [value for values in by_language.values() for value in values]
    return {"all": sum(every) / len(every), "queries": len(every),
            **{language: sum(values) / len(values) for language, values in sorted(by_language.items())}}


def evaluation(bench, browser, languages, code_root):
    """Recall@10 of the live site, the copy's search and Pagefind on the evaluation set, in a temporary instance."""
    data = Path(tempfile.mkdtemp(prefix="mirror-search-evaluation-", dir=WORK))
    bench.cleanups.append(lambda: shutil.rmtree(data, ignore_errors=True))
    env = code_environment(code_root, data, INSTANCE_PORT)
    bayan(env, "migrate", "-v0")
    shell(env, EVALUATION_POSTS)
    ready_to_export(env, data)
    folder = data / "out"
    export(env, folder)
    _seconds, indexed = run_pagefind(folder)
    write_pagefind_pages(folder, languages)
    live_file = data / "live.json"
    shell(env, LIVE_ANSWERS.replace("{out!r}", repr(str(live_file))))
    queries = json.loads((ROOT / "bayan" / "search" / "evaluation" / "queries.json").read_text())
    bench.start([PYTHON, ROOT / "bench" / "gzip_static_server.py", folder, str(EVALUATION_PORT)])
    base = f"http://127.0.0.1:{EVALUATION_PORT}"
    wait_for(f"{base}/robots.txt")
    answers = {"live": json.loads(live_file.read_text()), "bayan": offline_answers(browser, base, queries),
               "pagefind": pagefind_answers(browser, base, queries, languages)}
    posts_exported = sum(1 for path in folder.glob("*/*/index.html") if 'class="post"' in path.read_text())
    differing = [item["query"] for item, live, copy in zip(queries, answers["live"], answers["bayan"], strict=True)
                 if item["expected"] and recall_at_ten(live, [key.lower() for key in item["expected"]])
                 != recall_at_ten(copy, [key.lower() for key in item["expected"]])]
    return {"recall": {name: recalls(queries, found) for name, found in answers.items()},
            "pagefind_pages": indexed["pages"], "post_pages_exported": posts_exported,
            "queries_where_copy_and_live_differ": differing, "answers": answers}


def machine(code_root):
    """When, on what, and with which code (its commit, and its uncommitted changes to bayan/ if any)."""
    def output(*command):
        return subprocess.run(command, capture_output=True, text=True, cwd=code_root).stdout.strip()
    cpu = [line.split(":", 1)[1].strip() for line in output("lscpu").splitlines() if line.startswith("Model name")]
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "code": str(code_root),
            "commit": output("git", "rev-parse", "--short", "HEAD"),
            "uncommitted": output("git", "status", "--porcelain", "--untracked-files=no", "bayan").splitlines(),
            "nproc": output("nproc"), "cpu": cpu[0] if cpu else ""}


def kb(value):
    return f"{value / 1000:,.1f} kB"


def verdict(met):
    return "met" if met else "NOT met"


def print_table(results):
    """The figures side by side, with the targets."""
    size, browser, recall = results["index"], results["browser"], results["evaluation"]["recall"]
    rows = [("", "Bayan", "Pagefind", "target"),
            ("index files", f"{size['bayan']['files']:,}", f"{size['pagefind']['files']:,}",
             f"< {TARGETS['files']:,}: {verdict(size['bayan']['files'] < TARGETS['files'])}"),
            ("index bytes (raw)", kb(size["bayan"]["bytes"]), kb(size["pagefind"]["bytes"]), ""),
            ("index bytes as served", kb(size["bayan"]["served_bytes"]), kb(size["pagefind"]["served_bytes"]), "")]
    for language, figures in browser.items():
        word = results["words"][language]
        bayan_side, pagefind_side = figures["bayan"], figures["pagefind"]
        total = bayan_side["first_query"]["total_bytes"]
        rows += [
            (f"{language} word ({word['share']:.0%} of posts)", f"{word['word']} ({bayan_side['results']})",
             f"{pagefind_side['results']} results", ""),
            (f"{language} first query: search files", f"{kb(bayan_side['first_query']['search_bytes'])} "
             f"({bayan_side['first_query']['search_files']} files)",
             f"{kb(pagefind_side['first_query']['search_bytes'])} ({pagefind_side['first_query']['search_files']} "
             "files)", ""),
            (f"{language} first query: whole page", kb(total), kb(pagefind_side["first_query"]["total_bytes"]),
             f"<= {TARGETS['first_query_kb']} kB: {verdict(total <= TARGETS['first_query_kb'] * 1000)}"),
            (f"{language} cold query (median)", f"{bayan_side['cold_ms']:.0f} ms", f"{pagefind_side['cold_ms']:.0f} ms",
             f"<= {TARGETS['latency_ms']} ms: {verdict(bayan_side['cold_ms'] <= TARGETS['latency_ms'])}"),
            (f"{language} cold, from navigation", f"{bayan_side['cold_wall_ms']:.0f} ms",
             f"{pagefind_side['cold_wall_ms']:.0f} ms", ""),
            (f"{language} warm query (median)", f"{bayan_side['warm_ms']:.0f} ms", f"{pagefind_side['warm_ms']:.0f} ms",
             f"<= {TARGETS['latency_ms']} ms: {verdict(bayan_side['warm_ms'] <= TARGETS['latency_ms'])}"),
            (f"{language} warm, from navigation", f"{bayan_side['warm_wall_ms']:.0f} ms",
             f"{pagefind_side['warm_wall_ms']:.0f} ms", ""),
        ]
    for scope in ("all", "en", "ar"):
        met = recall["bayan"][scope] >= TARGETS["recall"] and recall["bayan"][scope] == recall["live"][scope]
        rows.append((f"recall@10 {scope} (live site {recall['live'][scope]:.3f})", f"{recall['bayan'][scope]:.3f}",
                     f"{recall['pagefind'][scope]:.3f}",
                     f">= {TARGETS['recall']} and = live: {verdict(met)}" if scope == "all" else ""))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for language, figures in browser.items():
        for kind in ("cold", "warm"):
            phases = figures["bayan"][f"{kind}_phases_ms"]
            print(f"Bayan, {language}, {kind}: where the time went (median ms): "
                  + ", ".join(f"{name.replace('_', ' ')} {value:.0f}" for name, value in phases.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed queries of each kind, median kept (default 5)")
    parser.add_argument("--rev", help="benchmark this revision's code (a clean worktree) instead of the checkout's")
    parser.add_argument("--reuse-export", action="store_true",
                        help="keep the export and Pagefind's index of an earlier run when they are there")
    parser.add_argument("--json", default=str(RESULTS), help=f"where to write the figures (default {RESULTS})")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (Debian's chromium package)")
    check_ports([SERVE_PORT, EVALUATION_PORT])
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("Playwright for Python is missing: .venv/bin/python -m pip install playwright "
                 f"(its browser is not needed: {CHROMIUM} is used)")

    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    code_root = worktree_of(args.rev)[0] if args.rev else ROOT
    results = {"posts": args.posts, "runs": args.runs, "machine": machine(code_root),
               "pagefind_version": ensure_pagefind()}
    try:
        env = prepared_instance(args.posts, code_root)
        folder = WORK / f"mirror-search-{args.posts}" / "out"
        languages = sorted(path.parent.parent.parent.name for path in folder.glob("*/search/index/root.js"))
        if args.reuse_export and languages and (folder / "pagefind" / "pagefind.js").exists():
            print(f"reusing the export in {folder}", flush=True)
        else:
            print(f"bayan mirror export into {folder} ...", flush=True)
            results["export_seconds"] = export(env, folder)
            results["pagefind_seconds"], results["pagefind_indexed"] = run_pagefind(folder)
            languages = sorted(path.parent.parent.parent.name for path in folder.glob("*/search/index/root.js"))
        write_pagefind_pages(folder, languages)
        results["index"] = index_sizes(folder, languages)
        results["words"] = half_words(env)
        print(f"words: {json.dumps(results['words'], ensure_ascii=False)}", flush=True)
        bench.start([PYTHON, ROOT / "bench" / "gzip_static_server.py", folder, str(SERVE_PORT)])
        base = f"http://127.0.0.1:{SERVE_PORT}"
        wait_for(f"{base}/robots.txt")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            # The machine may be shared: how busy it was when the timing began is kept with the figures.
            results["load_average_before_queries"] = os.getloadavg()
            print("queries in Chromium ...", flush=True)
            results["browser"] = browser_figures(browser, base, results["words"], languages, args.runs)
            print("evaluation set ...", flush=True)
            results["evaluation"] = evaluation(bench, browser, languages, code_root)
            browser.close()
    finally:
        bench.stop_all()
    Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"\nOffline search of the mirror on {args.posts} posts, against Pagefind {results['pagefind_version']} "
          f"(median of {args.runs}); figures in {args.json}")
    if "export_seconds" in results:
        indexed = results["pagefind_indexed"]
        print(f"bayan mirror export (pages and index): {results['export_seconds']:.1f} s; Pagefind's indexing of the "
              f"{indexed['pages']:,} post pages ({indexed['words']:,} words): {results['pagefind_seconds']:.1f} s")
    print_table(results)


if __name__ == "__main__":
    main()
