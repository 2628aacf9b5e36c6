"""`bayan demo` prints the lines the apps' parts of the demo hand back, after the admin password."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from bayan.newsroom.signals import demo_built
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


def hand_back_a_line(sender, homes, **kwargs):
    return [f"Something to open in {len(homes)} languages"]


def demo_printed():
    """What `bayan demo` prints, with an app that hands back a line connected."""
    output = StringIO()
    demo_built.connect(hand_back_a_line, dispatch_uid="test-demo-line")
    try:
        # migrate and collectstatic are the test database's and the static files' business here.
        with mock.patch("bayan.newsroom.management.commands.demo.call_command"):
            call_command("demo", "--no-serve", "--stories", "2", stdout=output)
    finally:
        demo_built.disconnect(dispatch_uid="test-demo-line")
    return output.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """What the first `bayan demo` printed; the demo it built is kept for the module's tests (shared_rows)."""
    with kept_for_the_module(django_db_blocker), pytest.MonkeyPatch.context() as patch:
        patch.delenv("BAYAN_ADMIN_PASSWORD", raising=False)
        yield demo_printed()


def test_lines_from_the_demo_parts_come_after_the_password(first_run):
    assert "Something to open in 2 languages" in first_run
    assert first_run.index("Admin account created") < first_run.index("Something to open in 2 languages")


def test_a_demo_already_built_prints_nothing_more(first_run):
    printed = demo_printed()
    assert "Posts already exist" in printed
    assert "Something to open" not in printed
