"""An import leaves every imported post findable: its search documents are built while it writes."""

import sqlite3
import subprocess
import sys

import pytest

from bayan.newsroom.models import PostPage
from bayan.search.searching import search
from bayan.tests.data_dirs import job_environment, migrated_data_dir
from bayan.wxr.importer import import_files

from .helpers import item, wxr

STORIES = [(number, f"Statement {number} on the detention of Mazen {number}") for number in range(1, 8)]


def export(tmp_path):
    return wxr(tmp_path,
               *(item(number, title, body=f"<p>Mazen{number} remains held.</p>") for number, title in STORIES),
               item(99, "A draft about Mazen", status="draft"))


# Committing for real, as an import does; the rows migrations made are brought back first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_an_import_search_finds_every_published_post(tmp_path):
    import_files([export(tmp_path)])
    found = {hit.title for hit in search("Mazen", per_page=20).hits}
    assert found == {title for _number, title in STORIES}
    assert PostPage.objects.filter(live=False).count() == 1


# The command runs on an embedded database of its own whatever the suite's: once, in the SQLite pass.
@pytest.mark.skipif("os.environ.get('DATABASE_URL')", reason="an embedded database's import; run in the SQLite pass")
def test_the_command_builds_the_index_in_a_second_process_on_an_embedded_database(tmp_path):
    data = migrated_data_dir(tmp_path / "data")
    environment = job_environment(data) | {"BAYAN_INDEX_WORKERS": "1"}
    bayan = [sys.executable, "-m", "bayan.cli"]
    run = subprocess.run([*bayan, "import-wxr", str(export(tmp_path))], env=environment, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(data / "bayan.sqlite3") as database:
        documents = database.execute("SELECT count(*) FROM bayan_search_searchdocument").fetchone()[0]
        matches = database.execute(
            "SELECT count(*) FROM bayan_search_fts WHERE bayan_search_fts MATCH 'mazen3'").fetchone()[0]
    assert documents == len(STORIES)
    assert matches == 1
