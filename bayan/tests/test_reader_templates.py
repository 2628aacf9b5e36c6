"""Reader templates (Jinja2): every string they translate is in the Arabic catalog, and output is escaped."""

from datetime import UTC

import pytest
from django.conf import settings
from django.template import engines
from django.utils.translation import trans_real

from bayan.reader_templates import date

TEMPLATES = sorted((settings.PROJECT_DIR / "jinja2").rglob("*.html"))


def messages():
    """(template, gettext function, message) for each string the reader templates translate."""
    environment = engines["jinja2"].env
    for template in TEMPLATES:
        for _line, function, message in environment.extract_translations(template.read_text(encoding="utf-8")):
            yield template.name, function, message


def test_the_reader_templates_are_found():
    assert {"base.html", "archive.html", "post_page.html", "search.html", "404.html"} <= {t.name for t in TEMPLATES}


def test_every_translated_string_of_the_reader_templates_is_in_the_arabic_catalog():
    catalog = trans_real.translation("ar")._catalog
    missing = []
    for template, function, message in messages():
        singular = message[0] if isinstance(message, tuple) else message
        present = ((singular, 0) if function == "ngettext" else singular) in catalog
        if not present:
            missing.append((template, message))
    assert missing == []
    assert sum(1 for _ in messages()) > 40


def test_variables_are_escaped():
    template = engines["jinja2"].from_string("{{ text }}|{% trans name=text %}Tag: {{ name }}{% endtrans %}")
    assert template.render({"text": "<b>x</b>"}) == "&lt;b&gt;x&lt;/b&gt;|Tag: &lt;b&gt;x&lt;/b&gt;"


def test_dates_are_shown_in_the_languages_format():
    from datetime import datetime

    from django.utils import translation

    moment = datetime(2019, 5, 4, 10, 30, tzinfo=UTC)
    assert date(moment, "c") == "2019-05-04T10:30:00+00:00"
    with translation.override("en"):
        assert date(moment) == "May 4, 2019"
    assert date(None) == ""


def test_dates_are_in_the_sites_time_zone_whatever_zone_a_request_activated(settings):
    """A reader page is the same for every reader: an editor's zone, active in the admin's preview, changes no date."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone, translation

    settings.TIME_ZONE = "Asia/Damascus"  # UTC+3
    late_evening = datetime(2024, 3, 5, 22, 30, tzinfo=UTC)
    with translation.override("en"), timezone.override(ZoneInfo("America/New_York")):
        assert date(late_evening, "c") == "2024-03-06T01:30:00+03:00"
        assert date(late_evening) == "March 6, 2024"


def test_dates_are_formatted_in_the_language_of_the_page():
    from datetime import datetime

    from django.utils import translation

    from bayan.reader_templates import date

    moment = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    with translation.override("en"):
        english = date(moment)
    with translation.override("ar"):
        arabic = date(moment)
    with translation.override("en"):
        assert date(moment) == english
    assert english != arabic
    assert "2024" in english
    assert date(moment, "c").startswith("2024-03-05")


def test_a_page_is_translated_and_dated_in_the_language_its_context_names():
    from datetime import datetime

    from django.utils import translation

    template = engines["jinja2"].from_string('{{ _("Tags") }}|{{ moment|date }}')
    moment = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    with translation.override("ar"):
        arabic = template.render({"moment": moment})
    with translation.override("en"):
        english = template.render({"moment": moment})
        assert template.render({"moment": moment, "language_code": "ar"}) == arabic
    assert arabic != english
    assert english.startswith("Tags|")


def test_messages_are_formatted_escaped_and_counted():
    from django.utils import translation

    template = engines["jinja2"].from_string(
        "{% trans %}100% sure{% endtrans %}|{{ _('50%% more') }}"
        "|{% trans n=count %}{{ n }} post{% pluralize %}{{ n }} posts{% endtrans %}"
        "|{{ _('Page %(number)s of %(total)s', number=2, total='<9>') }}"
    )
    with translation.override("en"):
        assert template.render({"count": 1}) == "100% sure|50% more|1 post|Page 2 of &lt;9&gt;"
        assert template.render({"count": 3}).split("|")[2] == "3 posts"


@pytest.mark.django_db
def test_rich_text_is_shown_as_html_with_internal_links_made_real():
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    from bayan.reader_templates import richtext

    root = Page.get_first_root_node()
    stored = f'<p>See <a linktype="page" id="{root.pk}">this</a> &amp; more</p>'
    shown = str(richtext(stored))
    assert "linktype" not in shown and "&amp; more" in shown
    assert richtext(None) == ""
    block_value = RichText("<p>x</p>")
    assert richtext(block_value) is block_value
