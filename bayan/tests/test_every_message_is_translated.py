import pytest
from django.core.management import CommandError, call_command

from bayan.newsroom.management.commands.messages import jinja_catalog


def test_the_reader_templates_messages_are_extracted_by_babel():
    messages = {message.id for message in jinja_catalog() if message.id}
    assert "Skip to content" in messages  # base.html, a plain message
    # A {% trans %} block with a plural, as Jinja's i18n extension names its variables.
    assert any(isinstance(message, tuple) and "%(total)s" in message[0] for message in messages)


def test_every_message_bayan_shows_has_an_arabic_translation():
    try:
        call_command("messages", check=True)
    except CommandError as missing:
        pytest.fail(str(missing))
