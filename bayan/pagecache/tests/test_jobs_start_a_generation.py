"""Every job that can rewrite what readers see starts a new generation when it ends."""

import io

import pytest
from django.core.management import call_command, get_commands, load_command_class

from bayan.newsroom.management.rewriting import RewritingCommand
from bayan.newsroom.tests.factories import make_post

# Jobs that write nothing a reader sees, and why.
READ_ONLY_JOBS = {
    "serve": "runs the server; the requests it serves are covered by the page cache's own rules",
    "backup": "reads the database and media into an archive",
    "search_evaluate": "measures search on an index of its own, in a database it throws away",
    "two_factor_reset": "changes an account's second factor; accounts are never shown to readers",
    "messages": "writes the translation catalogues' sources, which readers see only once compiled and served anew",
    "cases_suggest": "writes suggested links between posts and persons, which only editors see until one accepts them",
    "statements_detect": "writes proposed signatories (DetectedSignatory), which only editors see until one accepts",
    "statements_tidy": "erases contact details of rejected submissions and e-mails moderators; readers see neither",
    "mirror": "writes the public site into a folder of files; the database only gives what it renders",
    "mirror_watch": "queues a sync of the mirror (a task row readers never see)",
    "changes_prune": "removes old entries of the change log, which records changes but is none",
    "search_postings": "keeps copies of the search index's answers for common terms: searches find the same posts",
    "api_key": "issues and revokes partner keys, which set how often a partner may ask the API, not what it answers",
    "copy_to_postgresql": "only reads the site's database; the database it fills serves readers once DATABASE_URL "
                          "names it, with the generation it copied",
}


def bayan_jobs():
    return sorted((name, app) for name, app in get_commands().items() if app.startswith("bayan."))


@pytest.mark.parametrize(("name", "app"), bayan_jobs(), ids=[name for name, _app in bayan_jobs()])
def test_a_job_announces_its_rewrite_or_says_why_it_writes_nothing_readers_see(name, app):
    command = load_command_class(app, name)
    if name in READ_ONLY_JOBS:
        assert not isinstance(command, RewritingCommand)
        return
    assert isinstance(command, RewritingCommand), (
        f"bayan {name} neither announces its rewrite (RewritingCommand) nor is listed in READ_ONLY_JOBS")


@pytest.mark.django_db
@pytest.mark.parametrize("job", ["archives_rebuild", "search_rebuild"])
def test_a_rebuild_starts_a_new_generation(job, committed, generation_token):
    committed(make_post)
    before = generation_token()
    assert before is not None
    committed(call_command, job, stdout=io.StringIO())
    assert generation_token() != before


@pytest.mark.django_db
def test_migrate_starts_a_new_generation_when_it_ends(committed, generation_token):
    committed(make_post)
    before = generation_token()
    committed(call_command, "migrate", verbosity=0, interactive=False)
    assert generation_token() != before


@pytest.mark.django_db
def test_a_case_import_starts_a_new_generation(committed, generation_token, tmp_path):
    from bayan.cases.tests.spreadsheet_files import events_file, persons_file

    (tmp_path / "persons.csv").write_bytes(persons_file())
    (tmp_path / "events.csv").write_bytes(events_file())
    committed(make_post)
    before = generation_token()
    committed(call_command, "import_cases", str(tmp_path / "persons.csv"), str(tmp_path / "events.csv"),
              stdout=io.StringIO())
    assert generation_token() != before
