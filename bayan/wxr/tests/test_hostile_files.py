"""Files that are not honest WordPress exports are refused with a message naming file and line, writing nothing."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bayan.newsroom.models import PostPage
from bayan.wxr.importer import import_files
from bayan.wxr.reader import WXRError

from .helpers import CORPUS, HEAD, item, require_shared, wxr

pytestmark = pytest.mark.django_db

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title></channel></rss>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title></item></channel></rss>
"""


def refused(path, *fragments):
    with pytest.raises(WXRError) as error:
        import_files([path])
    for fragment in fragments:
        assert fragment in str(error.value)
    assert PostPage.objects.count() == 0
    return str(error.value)


def test_an_entity_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BOMB)
    refused(path, "bomb.xml, line 2", "declares XML entities")


def test_an_external_entity_is_refused(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text(XXE)
    message = refused(path, "xxe.xml", "external-entity")
    assert "root:" not in message


def test_a_file_that_is_not_xml_is_refused(tmp_path):
    path = tmp_path / "picture.xml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    refused(path, "picture.xml, line 1", "not an XML file")


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text("  \n")
    refused(path, "empty.xml", "empty")


def test_another_kind_of_xml_is_refused(tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<html><body><p>hello</p></body></html>")
    refused(path, "page.xml, line 1", "not a WordPress export")


def test_rss_without_wordpress_namespace_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>')
    refused(path, "feed.xml", "not a WordPress export")


def test_a_file_broken_in_the_middle_is_refused_whole(tmp_path):
    path = wxr(tmp_path, item(1, "Good one"), item(2, "Broken & bad"), item(3, "Never reached"))
    refused(path, "export.xml, line", "not well-formed")


def test_a_truncated_file_imports_what_comes_before_the_break(tmp_path):
    whole = HEAD + item(1, "First") + item(2, "Second") + item(3, "Third")
    path = tmp_path / "cut.xml"
    path.write_text(whole[: whole.index("<wp:post_id>3")], encoding="utf-8")
    report = import_files([path])
    assert sorted(PostPage.objects.values_list("title", flat=True)) == ["First", "Second"]
    assert any("cut.xml" in problem and "stops there" in problem for problem in report.problems)


def test_the_malformed_corpus_files_are_refused_with_their_line():
    path = require_shared(CORPUS / "ghost-migrate-mg-wp-xml" / "sample.xml")
    refused(path, "sample.xml, line 109", "not well-formed")


def test_the_command_names_the_problem_without_a_traceback(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BOMB)
    with pytest.raises(CommandError, match="declares XML entities.*Nothing was imported"):
        call_command("import_wxr", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_wxr", str(tmp_path / "missing.xml"))
    with pytest.raises(CommandError, match="not a file"):
        call_command("import_wxr", str(tmp_path))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_no_input_makes_the_importer_fail_other_than_with_a_message(tmp_path, data):
    path = tmp_path / "fuzz.xml"
    path.write_bytes(data)
    try:
        import_files([path])
    except WXRError as error:
        assert "fuzz.xml" in str(error)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=2000), st.binary(min_size=1, max_size=5))
def test_a_corrupted_export_is_read_or_refused_cleanly(tmp_path, position, garbage):
    good = (HEAD + item(1, "One", body="<p>Body</p>") + "</channel>\n</rss>\n").encode()
    position = min(position, len(good))
    path = tmp_path / "corrupted.xml"
    path.write_bytes(good[:position] + garbage + good[position:])
    try:
        import_files([path])
    except WXRError as error:
        assert "corrupted.xml" in str(error)


def test_an_item_that_fails_midway_is_skipped_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from bayan.newsroom.models import Tag
    from bayan.wxr.pages import PageWriter

    tag = '<category domain="post_tag" nicename="new-tag"><![CDATA[New tag]]></category>'
    path = wxr(tmp_path, item(1, "Fails", terms=tag), item(2, "Stays", terms=tag))
    real_comments = PageWriter._comments

    def failing_for_the_first(self, page, record):
        if record.fields["post_id"] == "1":
            raise ValueError("a value WordPress never writes")
        return real_comments(self, page, record)

    monkeypatch.setattr(PageWriter, "_comments", failing_for_the_first)
    report = import_files([path])
    assert [skipped["wp_id"] for skipped in report.skipped] == ["1"]
    assert "a value WordPress never writes" in report.skipped[0]["reason"]
    stays = PostPage.objects.get()
    assert stays.title == "Stays"
    assert [tag.name for tag in stays.tags.all()] == ["New tag"]
    assert Tag.objects.count() == 1
    assert stays.get_parent().numchild == 1
