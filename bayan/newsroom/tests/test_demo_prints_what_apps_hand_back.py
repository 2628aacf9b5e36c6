"""`bayan demo` prints the lines the apps' parts of the demo hand back, after the admin password."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from bayan.newsroom.signals import demo_built

pytestmark = pytest.mark.django_db


def hand_back_a_line(sender, homes, **kwargs):
    return [f"Something to open in {len(homes)} languages"]


@pytest.fixture
def app_with_a_line():
    demo_built.connect(hand_back_a_line, dispatch_uid="test-demo-line")
    yield
    demo_built.disconnect(dispatch_uid="test-demo-line")


def test_lines_from_the_demo_parts_come_after_the_password(app_with_a_line, monkeypatch):
    monkeypatch.delenv("BAYAN_ADMIN_PASSWORD", raising=False)
    output = StringIO()
    # migrate and collectstatic are the test database's and the static files' business here.
    with mock.patch("bayan.newsroom.management.commands.demo.call_command"):
        call_command("demo", "--no-serve", "--stories", "2", stdout=output)
    printed = output.getvalue()
    assert "Something to open in 2 languages" in printed
    assert printed.index("Admin account created") < printed.index("Something to open in 2 languages")


def test_a_demo_already_built_prints_nothing_more(app_with_a_line):
    output = StringIO()
    with mock.patch("bayan.newsroom.management.commands.demo.call_command"):
        call_command("demo", "--no-serve", "--stories", "2", stdout=StringIO())
        call_command("demo", "--no-serve", "--stories", "2", stdout=output)
    assert "Posts already exist" in output.getvalue()
    assert "Something to open" not in output.getvalue()
