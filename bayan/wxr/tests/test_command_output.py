"""What `bayan import-wxr` prints: progress as a bar on a terminal, as plain lines in a log, then the report."""

import io
import json

import pytest
from django.core.management import call_command

from .helpers import item, wxr

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def export(tmp_path):
    return wxr(tmp_path, *(item(number, f"Statement {number}") for number in range(1, 4)))


def test_a_log_gets_plain_progress_lines_with_counts_and_rate(tmp_path):
    log, out = io.StringIO(), io.StringIO()
    call_command("import_wxr", str(export(tmp_path)), stdout=out, stderr=log)
    lines = log.getvalue().splitlines()
    assert lines and lines[-1].startswith("3 of 3 items read (") and lines[-1].endswith("/s)")
    assert "\r" not in log.getvalue()
    assert "post: created 3" in out.getvalue()


def test_a_terminal_gets_a_bar_that_redraws_in_place(tmp_path):
    terminal = Terminal()
    call_command("import_wxr", str(export(tmp_path)), stdout=io.StringIO(), stderr=terminal)
    last = terminal.getvalue().split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] 3/3 items")
    assert "/s" in last and "s left" in last


def test_the_report_file_holds_the_counts(tmp_path):
    report = tmp_path / "report.json"
    call_command("import_wxr", str(export(tmp_path)), "--report", str(report), stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert json.loads(report.read_text())["counts"]["post"] == {"created": 3}
