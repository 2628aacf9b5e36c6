"""``bayan import-cases`` as an operator meets it: its help, its report, its refusals."""

import io

import pytest
from django.core.management import CommandError, call_command, load_command_class

from bayan.cases.models import Person
from bayan.cases.tests.spreadsheet_files import PERSONS, events_file, persons_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    def write(persons=None, events=None):
        (tmp_path / "persons.csv").write_bytes(persons_file() if persons is None else persons)
        (tmp_path / "events.csv").write_bytes(events_file() if events is None else events)
        return str(tmp_path / "persons.csv"), str(tmp_path / "events.csv")
    return write


def run(*arguments):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_help_names_the_columns_the_errors_and_an_example():
    text = load_command_class("bayan.cases", "import_cases").create_parser("bayan", "import-cases").format_help()
    for expected in ("PERSONS.csv", "EVENTS.csv", "--dry-run", "id, name_en, name_ar, aliases, gender, roles",
                     "id, persons, type, date, precision, end_date", "FILE:LINE:COLUMN", "CSV UTF-8",
                     "bayan import-cases persons.csv events.csv", "never\ndeleted", "docs/cases.md"):
        assert expected in text, expected


def test_an_import_reports_per_file_and_a_second_one_finds_everything_unchanged(files):
    paths = files()
    out, _err = run(*paths)
    assert "Import finished." in out and "rows/s" in out
    assert "persons.csv: persons 3 created, 0 updated, 0 unchanged" in out
    out, _err = run(*files(persons=persons_file(PERSONS[:2])))
    assert "persons 0 created, 0 updated, 2 unchanged" in out and "events 0 created, 0 updated, 3 unchanged" in out
    assert "1 persons not in" in out


def test_errors_are_listed_and_nothing_is_written(files):
    persons, events = files(persons=persons_file([dict(PERSONS[0], gender="f"), *PERSONS[1:]]))
    with pytest.raises(CommandError, match="1 error in the files: nothing was imported."):
        call_command("import_cases", persons, events, stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert err.getvalue() == f"{persons}:2:gender: “f” is not one of female, male, other\n"
    assert not Person.objects.exists()


def test_a_missing_file_is_named(files, tmp_path):
    persons, _events = files()
    with pytest.raises(CommandError, match="no-such.csv: no such file"):
        run(persons, str(tmp_path / "no-such.csv"))
    with pytest.raises(CommandError, match="a folder, not a file"):
        run(str(tmp_path), persons)


def test_a_dry_run_writes_nothing(files):
    out, _err = run(*files(), "--dry-run")
    assert "Dry run: nothing was written." in out and "3 created" in out
    assert not Person.objects.exists()
