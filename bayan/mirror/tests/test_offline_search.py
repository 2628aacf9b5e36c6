"""The copy's offline search finds what the site's search finds, on the search evaluation's documents and queries.

The evaluation's fifty documents become posts of the site; the site's ``search()`` answers each of
the 87 queries; the mirror's index is written from the same posts and searched in node by
``bayan/static/mirror/search.js`` (through ``search_runner.js``), as a browser runs it.
"""

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from bayan.mirror import search_index
from bayan.mirror.changes import visible_posts
from bayan.mirror.postings import ALPHABET, ID_CHARACTERS, first_ids, post_code
from bayan.mirror.search_index import (
    INDEX_FOLDER,
    POSTS_PER_FILE,
    documents,
    index_files,
    script_arguments,
)
from bayan.mirror.tests.index_layout import built_as_patched
from bayan.newsroom.models import Author, Category, PostPage
from bayan.newsroom.services import add_post
from bayan.search import searching
from bayan.search.analysis import FORM_MARK
from bayan.search.evaluation import load
from bayan.tests.committing import as_committed
from bayan.tests.shared_rows import kept_for_the_module

NODE = shutil.which("node")
STATIC = Path(settings.BASE_DIR) / "bayan" / "static" / "mirror"
RUNNER = Path(__file__).with_name("search_runner.js")

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(NODE is None, reason="node is not installed")]


@pytest.fixture(scope="module")
def evaluation_posts(django_db_setup, django_db_blocker):
    """The evaluation's documents as published posts, indexed: ``{post id: document key}``.

    Written once for the module's tests (bayan.tests.shared_rows); each test's changes are undone after it.
    """
    with kept_for_the_module(django_db_blocker):
        with TestCase.captureOnCommitCallbacks(execute=True):
            keys = _evaluation_posts()
        yield keys


def _evaluation_posts():
    documents, _queries = load()
    keys = {}
    for document in documents:
        language = document["language"]
        category = Category.objects.filter(locale__language_code=language, slug=document["category"]).first()
        if category is None:
            category = Category.objects.create(name=document["category"], slug=document["category"],
                                               locale=Locale.objects.get(language_code=language))
        author, _made = Author.objects.get_or_create(name=document["author"],
                                                     defaults={"slug": slugify(document["author"])})
        day = datetime.combine(date.fromisoformat(document["date"]), time(12), tzinfo=UTC)
        post = add_post(language, document["title"], slug=slugify(document["key"]),
                        body="".join(f"<p>{paragraph}</p>" for paragraph in document["body"].split("\n\n")),
                        date=day, category=category, tags=document["tags"], authors=[author])
        keys[post.pk] = document["key"]
    return keys


def offline(folder, searches, language="en"):
    """The offline search's answers to ``searches`` ([{"q", "filters", "page"}]) over the index in ``folder``."""
    requests = folder / "requests.json"
    results = folder / "results.json"
    languages = [code for code, _name in settings.LANGUAGES]
    requests.write_text(json.dumps({"languages": languages, "language": language, "searches": searches}))
    subprocess.run([NODE, RUNNER, STATIC / "analysis.js", STATIC / "search.js", folder, requests, results],
                   check=True, capture_output=True, timeout=300)
    return json.loads(results.read_text())


def write_index(folder, changed=None):
    ids = [int(post_id) for post_id in visible_posts()]
    for name, data in index_files(folder, ids, changed).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def recall_at_ten(found, expected):
    return len(set(found[:10]) & set(expected)) / len(expected) if expected else None


def test_recall_at_ten_is_the_sites_on_the_evaluation_set(tmp_path, evaluation_posts):
    keys = evaluation_posts
    _documents, queries = load()
    write_index(tmp_path)
    answers = offline(tmp_path, [{"q": item["query"]} for item in queries])
    site_recalls, copy_recalls, differences = [], [], []
    for item, answer in zip(queries, answers, strict=True):
        live = searching.search(item["query"], now=timezone.now())
        live_ids = [hit.post_id for hit in live.hits] + [hit.post_id for hit in live.close_hits]
        copy_ids = answer["hits"] + answer["closeHits"]
        if item["expected"]:
            site_recalls.append(recall_at_ten([keys[pk] for pk in live_ids], item["expected"]))
            copy_recalls.append(recall_at_ten([keys[pk] for pk in copy_ids], item["expected"]))
        has_phrase = '"' in item["query"]
        if not has_phrase and ((live.mode, live.total) != (answer["mode"], answer["total"])
                               or set(live_ids) != set(copy_ids)):
            differences.append((item["query"], live.mode, live.total, answer["mode"], answer["total"]))
    site, copy = sum(site_recalls) / len(site_recalls), sum(copy_recalls) / len(copy_recalls)
    assert copy == site and copy >= 0.95
    # Every query without a phrase matches the same posts, exactly or closely, in the same mode.
    assert differences == []


def test_facets_are_counted_as_the_site_counts_them(tmp_path, evaluation_posts):
    write_index(tmp_path)
    tag = searching.search("الصحفيين", now=timezone.now()).facets["tag"][0]
    filters = {"tag": [tag.value]}
    answer = offline(tmp_path, [{"q": "الصحفيين", "filters": filters}], language="ar")[0]
    live = searching.search("الصحفيين", filters=filters, now=timezone.now())
    assert answer["total"] == live.total
    for name in ("language", "category", "year", "tag"):
        assert {(value["value"], value["count"]) for value in answer["facets"][name]} == {
            (value.value, value.count) for value in live.facets[name]}, name
    assert [value["label"] for value in answer["facets"]["tag"]] == [value.label for value in live.facets["tag"]]


def test_a_sync_patches_the_index_into_what_a_fresh_build_writes(tmp_path, evaluation_posts):
    write_index(tmp_path)
    with as_committed():
        edited = PostPage.objects.get(slug="en-01")
        edited.title = "Zaitouneh remembered on the anniversary"
        edited.save_revision().publish()
        gone = PostPage.objects.get(slug="ar-02")
        gone.unpublish()
        added = add_post("en", "A fictional newcomer among the detained writers", body="<p>Detained writers.</p>")
    changed = [edited.pk, gone.pk, added.pk]
    patched = tmp_path / "patched"
    shutil.copytree(tmp_path / "en", patched / "en")
    shutil.copytree(tmp_path / "ar", patched / "ar")
    write_index(patched, changed)
    # A fresh build weighing against the lengths and cut where the patched index keeps them (until its next full build).
    fresh = documents([int(post_id) for post_id in visible_posts()])
    for language in ("en", "ar"):
        folder = patched / language / INDEX_FOLDER
        expected = built_as_patched(patched, language, fresh[language])
        assert sorted(path.name for path in folder.iterdir()) == sorted(expected)
        for name, data in expected.items():
            assert (folder / name).read_bytes() == data, name
    answer = offline(patched, [{"q": "Zaitouneh remembered"}, {"q": "newcomer"}])
    assert edited.pk in answer[0]["hits"] and answer[1]["hits"] == [added.pk]


def test_a_sync_encodes_again_only_the_terms_files_whose_words_or_shown_results_changed(
        tmp_path, evaluation_posts, monkeypatch):
    monkeypatch.setattr(search_index, "TERMS_PER_FILE", 20)  # many files, so that one post's words spread over several
    write_index(tmp_path)
    with as_committed():
        edited = PostPage.objects.get(slug="en-03")
        edited.title = edited.title + " Quillwort"
        edited.save_revision().publish()
    folder = tmp_path / "en" / INDEX_FOLDER
    before = {path.name: path.read_bytes() for path in folder.glob("t*.js")}
    code = post_code(edited.pk).encode()
    holding = {name for name, data in before.items() if code in data}
    showing = {name for name, data in before.items() if str(edited.pk) in script_arguments(data, "terms")[3]}
    encoded = []
    real_script = search_index._script
    monkeypatch.setattr(search_index, "_script", lambda call, *arguments: (
        encoded.append(f"t{arguments[1]}.js") if call == "terms" else None) or real_script(call, *arguments))
    write_index(tmp_path, [edited.pk])
    changed = {name for name, data in before.items() if (folder / name).read_bytes() != data}
    # The files whose lists hold the post were taken apart; those that came back as they were keep their bytes,
    # unless their first results show the post. The new word went into a file of its own choosing.
    assert len(holding) > 3 and changed <= set(encoded) <= holding | showing | changed
    kept = holding - set(encoded)
    assert kept and all((folder / name).read_bytes() == before[name] for name in kept)
    answer = offline(tmp_path, [{"q": "Quillwort"}])
    assert answer[0]["hits"] == [edited.pk]


def test_post_codes_are_fixed_width_and_sort_as_their_ids():
    ids = [0, 1, 63, 64, 4095, 4096, 262_143, 1_000_000]
    codes = [post_code(number) for number in ids]
    assert all(len(code) == ID_CHARACTERS for code in codes)
    assert codes == sorted(codes)


def test_a_one_word_search_shows_its_first_page_without_loading_a_posts_file(tmp_path, evaluation_posts):
    write_index(tmp_path)
    words = ["journalists", "الصحفيين", "released"]
    answers = offline(tmp_path, [{"q": word} for word in words])
    for word, answer in zip(words, answers, strict=True):
        assert answer["total"] > 1, word
        assert [name for name in answer["loaded"] if "/d" in name] == [], word
        # What each result shows is what its posts file holds.
        for hit in answer["shown"]:
            number = hit["id"] // POSTS_PER_FILE
            data = (tmp_path / hit["language"] / INDEX_FOLDER / f"d{number}.js").read_text()
            title, path, day, days, _category, excerpt = script_arguments(data.encode(), "posts")[2][str(hit["id"])]
            assert (hit["title"], hit["path"], hit["date"], hit["dates"], hit["excerpt"]) == (
                title, path, day, days, excerpt)


def test_first_ids_rank_as_the_browser_ranks_one_list():
    # Post 5 has the word in its title; 9 and 3 share the highest step; 7 is lower.
    postings = "".join(post_code(post_id) + ALPHABET[value] for post_id, value in
                       [(3, 12 | 32), (5, 2 | 16 | 32), (7, 4 | 32), (9, 12)])
    assert first_ids("word", postings, 3) == [5, 9, 3]
    assert first_ids("word", postings, 10) == [5, 9, 3, 7]
    # A verb's letters never put a post first: the title flag does not count.
    assert first_ids(FORM_MARK + "word", postings, 2) == [9, 3]
