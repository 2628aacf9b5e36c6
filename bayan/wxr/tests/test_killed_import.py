"""An import killed outright part-way (SIGKILL: nothing runs on the way out), then run again, ends as if never stopped.

`bayan import-wxr` runs as operators run it, in a process of its own on a data
directory of its own, over a generated export of a few hundred posts written in
small batches. One run is killed at a random batch and run again; another runs
uninterrupted on an identical fresh data directory. Both databases must then hold
the same posts (WordPress id, slug, title, body, date, language, terms), the same
redirects, search documents and archive positions, nothing twice, and a page tree
in which treebeard finds no problem.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

import pytest

from bayan.tests.data_dirs import job_environment, migrated_data_dir

from .helpers import BENCH, require_shared

POSTS = 200
BATCH = 10
BAYAN = [sys.executable, "-m", "bayan.cli"]
WP = "{http://wordpress.org/export/1.2/}"
TREE_CHECK = (
    "import json; from wagtail.models import Page; "
    "print(json.dumps(dict(zip(['bad_alpha', 'bad_path', 'orphans', 'bad_depth', 'bad_numchild'], "
    "Page.find_problems()))))"
)


def start_import(data, export, report, **environment):
    """The import as its own process group, so that the search worker it starts can be killed with it."""
    return subprocess.Popen(
        [*BAYAN, "import-wxr", str(export), "--batch-size", str(BATCH), "--report", str(report)],
        env=job_environment(data) | environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def kill_at_batch(process, batch, pause):
    """SIGKILL the import ``pause`` seconds after its ``batch``-th progress line (one per committed batch)."""
    lines, committed = [], 0
    for line in process.stderr:
        lines.append(line)
        committed += " items read (" in line
        if committed >= batch:
            time.sleep(pause)
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    # Whatever it started (the search worker) dies with it, as with a machine losing power.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return process.returncode, lines


def rows(database, query):
    return database.execute(query).fetchall()


def snapshot(path):
    """What an import left, in terms that do not depend on row ids: WordPress ids, slugs and languages."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        wp_ids = dict(rows(database, "SELECT target_id, wp_id FROM wxr_importeditem WHERE kind = 'post'"))
        tags = dict(rows(database, "SELECT id, slug FROM newsroom_tag"))
        authors = dict(rows(database, "SELECT id, slug FROM newsroom_author"))
        categories = {pk: (slug, language) for pk, slug, language in rows(database, (
            "SELECT c.id, c.slug, l.language_code FROM newsroom_category c "
            "JOIN wagtailcore_locale l ON l.id = c.locale_id"))}
        related = {}
        for table, column, names in (("newsroom_taggedpost", "content_object_id, tag_id", tags),
                                     ("newsroom_postpage_authors", "postpage_id, author_id", authors),
                                     ("newsroom_postpage_other_categories", "postpage_id, category_id", categories)):
            for post_id, related_id in rows(database, f"SELECT {column} FROM {table}"):
                related.setdefault((wp_ids[post_id], table), []).append(names[related_id])
        posts = sorted(
            (wp_ids[pk], slug, title, body, date, language, live, url_path, categories.get(category_id),
             *(sorted(related.get((wp_ids[pk], table), [])) for table in (
                 "newsroom_taggedpost", "newsroom_postpage_authors", "newsroom_postpage_other_categories")))
            for pk, slug, title, body, date, language, live, url_path, category_id in rows(database, (
                "SELECT p.id, p.slug, p.title, pp.body, pp.date, l.language_code, p.live, p.url_path, pp.category_id "
                "FROM wagtailcore_page p JOIN newsroom_postpage pp ON pp.page_ptr_id = p.id "
                "JOIN wagtailcore_locale l ON l.id = p.locale_id"))
        )
        redirects = sorted(
            (old_path, wp_ids.get(page_id) or ("page", page_id) if page_id else link)
            for old_path, page_id, link in rows(database, (
                "SELECT old_path, redirect_page_id, redirect_link FROM wagtailredirects_redirect")))
        subjects = {"tag": tags, "author": authors, "category": categories}
        entries = [
            (language, kind, subjects[kind][subject_id] if kind in subjects else subject_id, position, wp_ids[post_id])
            for language, kind, subject_id, position, post_id in rows(database, (
                "SELECT l.language, l.kind, l.subject_id, e.position, e.post_id FROM archives_listingentry e "
                "JOIN archives_listing l ON l.id = e.listing_id"))
        ]
        entries.sort(key=repr)  # an unnumbered entry's position is None
        documents = sorted(
            (wp_ids[page_id], *terms) for page_id, *terms in rows(database, (
                "SELECT page_id, language, title_terms, body_terms FROM bayan_search_searchdocument")))
        return {
            "posts": posts,
            "pages": rows(database, "SELECT count(*) FROM wagtailcore_page")[0][0],
            "records": sorted(rows(database, "SELECT kind, wp_id, checksum FROM wxr_importeditem WHERE kind != 'run'")),
            "runs": [json.loads(data)["state"] for (data,) in rows(
                database, "SELECT data FROM wxr_importeditem WHERE kind = 'run'")],
            "tags": sorted(tags.values()), "authors": sorted(authors.values()),
            "categories": sorted(categories.values()),
            "redirects": redirects, "entries": entries, "documents": documents,
        }


def tree_problems(data):
    return subprocess.Popen([*BAYAN, "shell", "-c", TREE_CHECK], env=job_environment(data),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# The imports run on embedded databases of their own whatever the suite's: once, in the SQLite pass.
@pytest.mark.skipif("os.environ.get('DATABASE_URL')", reason="embedded databases' imports; run in the SQLite pass")
def test_an_import_killed_at_a_random_batch_and_run_again_equals_one_never_interrupted(tmp_path):
    generator = require_shared(BENCH / "gen_corpus.py")
    subprocess.run([sys.executable, generator, "--posts", str(POSTS), "--seed", "5", "--format", "wxr",
                    "--out", tmp_path / "corpus"], check=True, capture_output=True, timeout=120)
    export = tmp_path / "corpus" / "corpus.wxr"
    items = sum(1 for _ in ElementTree.parse(export).getroot().iter("item"))
    fresh = migrated_data_dir(tmp_path / "fresh")
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    subprocess.run(["cp", "-a", fresh, killed], check=True)
    subprocess.run(["cp", "-a", fresh, whole], check=True)

    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    batch, pause = chance.randint(1, items // BATCH - 3), chance.uniform(0, 0.2)
    why = f"(killed {pause:.2f} s after batch {batch}; random seed {seed})"
    # The reference indexes for search in its own process (the result is the same, and it leaves
    # the second core to the run that is killed, which hands its batches to a search worker).
    uninterrupted = start_import(whole, export, tmp_path / "whole.json", BAYAN_INDEX_WORKERS="0")
    interrupted = start_import(killed, export, tmp_path / "killed.json")
    again = None
    try:
        status, progress = kill_at_batch(interrupted, batch, pause)
        assert status == -signal.SIGKILL, f"the import ended before it was killed {why}: {progress}"
        assert not (tmp_path / "killed.json").exists()
        with sqlite3.connect(killed / "bayan.sqlite3") as database:
            kept = database.execute("SELECT count(*) FROM wxr_importeditem WHERE kind = 'post'").fetchone()[0]
        assert BATCH * batch <= kept < items, why
        again = start_import(killed, export, tmp_path / "again.json")
        assert uninterrupted.wait(timeout=300) == 0, uninterrupted.stderr.read()
        checks = [tree_problems(whole)]
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, f"{why}\n{out}\n{err}"
        checks.append(tree_problems(killed))
    finally:
        for process in (interrupted, uninterrupted, again):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    report = json.loads((tmp_path / "again.json").read_text())
    assert report["resumed"] and "incomplete" not in report, why
    assert report["counts"]["post"].get("unchanged", 0) == kept
    assert report["counts"]["post"].get("created", 0) == items - kept
    after_kill, never_stopped = snapshot(killed / "bayan.sqlite3"), snapshot(whole / "bayan.sqlite3")
    assert len(after_kill["posts"]) == len({post[0] for post in after_kill["posts"]}) == items, why
    assert after_kill["runs"] == never_stopped["runs"] == ["finished"]
    assert all(position is not None for *_rest, position, _wp_id in after_kill["entries"]), why
    for part in never_stopped:
        assert after_kill[part] == never_stopped[part], f"{part} differ {why}"
    for check in checks:
        out, err = check.communicate(timeout=120)
        assert check.returncode == 0, err
        assert not any(json.loads(out.strip().splitlines()[-1]).values()), f"{out} {why}"
