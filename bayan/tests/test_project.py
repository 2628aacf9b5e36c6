"""Invariants of the whole project: migrations, system checks, documented settings."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_the_system_checks_pass():
    call_command("check", stdout=StringIO())


def test_every_setting_read_from_the_environment_is_documented():
    sources = [*ROOT.joinpath("bayan").glob("*.py"), *ROOT.joinpath("bayan").glob("*/management/commands/*.py")]
    names = set()
    for source in sources:
        names |= set(re.findall(r'(?:env_bool|env_int|env_list|os\.environ\.get)\("([A-Z_]+)"', source.read_text()))
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", ROOT.joinpath("docs/operations.md").read_text(), re.M))
    assert names - documented == set()


def test_the_readme_starts_with_the_two_commands():
    lines = ROOT.joinpath("README.md").read_text().splitlines()
    assert lines[0] == "```sh"
    assert lines[1].startswith("./run demo ")
    assert lines[2].startswith("./run test ")
    # CI runs the newcomer's line itself, character for character.
    assert lines[2] in ROOT.joinpath(".ci/run").read_text().splitlines()
