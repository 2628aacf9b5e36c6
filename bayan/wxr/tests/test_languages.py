"""Languages in an import: what the site does not publish is skipped and named, or mapped; groups never collide.

The fixture, ``polylang_fa_en.xml``, is a fictional Persian and English site as
Polylang exports it: a ``language`` term on every post and page, the channel's
``post_translations`` terms listing each group's members (PHP-serialised), and one
Arabic translation in a group with a Persian and an English post.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from wagtail.models import Page

from bayan.newsroom.models import Category, PostPage, StandardPage
from bayan.wxr.importer import import_files
from bayan.wxr.models import ImportedItem
from bayan.wxr.translations import Translations

from .helpers import HEAD, item, wxr

pytestmark = pytest.mark.django_db
POLYLANG = Path(__file__).parent / "polylang_fa_en.xml"
PERSIAN = {"102", "104", "107", "109", "111"}


def run(tmp_path, *options):
    """Run the command on the fixture with a JSON report; (report, output). Raises CommandError as the command does."""
    report = tmp_path / "report.json"
    out = io.StringIO()
    call_command("import_wxr", str(POLYLANG), "--report", str(report), *options, stdout=out, stderr=io.StringIO())
    return json.loads(report.read_text()), out.getvalue()


def post(wp_id):
    return Page.objects.get(pk=ImportedItem.objects.get(kind__in=["post", "page"], wp_id=wp_id).target_id).specific


def test_without_a_mapping_the_persian_items_are_skipped_and_named(tmp_path):
    report, output = run(tmp_path)
    assert report["languages"] == {
        "fa": {"items": 5, "imported_as": None, "name": "فارسی"},
        "en": {"items": 4, "imported_as": "en", "name": "English"},
        "ar": {"items": 1, "imported_as": "ar", "name": "العربية"},
    }
    skipped = {entry["wp_id"]: entry for entry in report["skipped"]}
    assert set(skipped) == PERSIAN
    assert all("“fa”" in entry["reason"] and "--map-language fa=" in entry["reason"] for entry in skipped.values())
    assert skipped["109"]["kind"] == "page" and skipped["109"]["where"].startswith("polylang_fa_en.xml:")
    assert report["counts"]["post"] == {"created": 4, "skipped": 4}
    assert not ImportedItem.objects.filter(wp_id__in=PERSIAN).exists()
    assert {page.locale.language_code for page in PostPage.objects.all()} == {"en", "ar"}
    # The English and Arabic members of the three-language group are still translations of each other.
    assert post("103").translation_key == post("105").translation_key
    assert "language fa (فارسی): 5 items, skipped: not published here" in output
    # The Persian posts' category is not made in another language: it is named instead.
    assert not Category.objects.filter(name="بیانیه").exists()
    assert any("categories used only by items in a language not imported" in problem and "بیانیه" in problem
               for problem in report["problems"])
    assert "Import finished." in output


def test_with_fa_mapped_to_arabic_the_persian_items_are_imported_and_linked(tmp_path):
    report, output = run(tmp_path, "--map-language", "fa=ar")
    assert report["languages"]["fa"]["imported_as"] == "ar"
    assert report["skipped"] == []
    assert report["counts"]["post"] == {"created": 8} and report["counts"]["page"] == {"created": 2}
    for wp_id in PERSIAN:
        assert post(wp_id).locale.language_code == "ar"
    assert post("101").translation_key == post("102").translation_key
    assert post("108").translation_key == post("109").translation_key
    assert post("102").slug == "بازداشت-کامران"
    assert Category.objects.get(name="بیانیه").locale.language_code == "ar"
    assert "language fa (فارسی): 5 items, imported as ar" in output


def test_a_group_with_two_posts_in_one_language_links_the_older_and_reports_the_other(tmp_path):
    report, output = run(tmp_path, "--map-language", "fa=ar")
    # 104 (Persian, now Arabic, 4 March) is older than 105 (Arabic, 6 March): 104 is linked.
    assert post("103").translation_key == post("104").translation_key != post("105").translation_key
    assert report["unlinked_translations"] == [
        {"group": "pll_6741c0a1b2c4e", "wp_id": "105", "language": "ar", "linked": "104"}]
    assert any("pll_6741c0a1b2c4e" in problem and "105" in problem for problem in report["problems"])
    assert "problem: translation group pll_6741c0a1b2c4e" in output
    # Importing again changes nothing and links the same way.
    again, _ = run(tmp_path, "--map-language", "fa=ar")
    assert again["counts"]["post"] == {"unchanged": 8}
    assert post("103").translation_key == post("104").translation_key != post("105").translation_key


def test_mapping_later_imports_what_an_earlier_run_skipped(tmp_path):
    run(tmp_path)
    report, _ = run(tmp_path, "--map-language", "fa=ar")
    assert report["counts"]["post"] == {"created": 4, "unchanged": 4}
    assert post("101").translation_key == post("102").translation_key


def test_a_mapping_onto_english_keeps_one_per_group_and_reports_the_rest(tmp_path):
    report, _ = run(tmp_path, "--map-language", "fa=en")
    unlinked = {entry["wp_id"] for entry in report["unlinked_translations"]}
    # 101 (10 Feb) is older than 102; 104 (4 March) than 103; 108 than 109.
    assert unlinked == {"102", "103", "109"}
    assert post("104").translation_key == post("105").translation_key
    assert StandardPage.objects.filter(locale__language_code="en").count() == 2


@pytest.mark.parametrize("value, message", [
    ("fa", "--map-language fa: expected SOURCE=DESTINATION"),
    ("fa=de", "--map-language fa=de: “de” is not a language this site publishes"),
    ("=ar", "--map-language =ar: expected SOURCE=DESTINATION"),
    ("fa=", "--map-language fa=: expected SOURCE=DESTINATION"),
])
def test_a_bad_mapping_is_refused_with_its_value(tmp_path, value, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, "--map-language", value)
    assert not PostPage.objects.exists()


def test_two_mappings_of_one_language_are_refused(tmp_path):
    with pytest.raises(CommandError, match="“fa” is already mapped to ar"):
        run(tmp_path, "--map-language", "fa=ar", "--map-language", "fa=en")


def test_a_mapping_for_a_language_the_export_lacks_is_named(tmp_path):
    report, _ = run(tmp_path, "--map-language", "ku=ar")
    assert any("ku=ar" in problem and "no post or page" in problem for problem in report["problems"])


def test_a_dry_run_lists_the_languages_and_writes_nothing(tmp_path):
    report, output = run(tmp_path, "--dry-run")
    assert report["dry_run"] and report["languages"]["fa"]["items"] == 5
    assert {entry["wp_id"] for entry in report["skipped"]} == PERSIAN
    assert not PostPage.objects.exists()
    assert "Dry run: nothing was written." in output


def test_wpml_members_of_one_language_in_one_group_do_not_collide(tmp_path):
    def wpml(language, group):
        return "".join(
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value>"
            "</wp:postmeta>"
            for key, value in (("_wpml_import_language_code", language), ("_wpml_import_translation_group", group)))

    path = wxr(tmp_path, item(1, "First", date="2019-01-01 10:00:00", extra=wpml("en", "4")),
               item(2, "Second", date="2018-01-01 10:00:00", extra=wpml("en", "4")),
               item(3, "الثالث", slug="third", extra=wpml("ar", "4")))
    report = import_files([path])
    assert post("2").translation_key == post("3").translation_key != post("1").translation_key
    assert [entry["wp_id"] for entry in report.unlinked_translations] == ["1"]


def test_unmarked_items_of_an_export_in_another_language_are_english_and_the_report_says_so(tmp_path):
    head = HEAD.replace("<language>en-US</language>", "<language>de-DE</language>")
    report = import_files([wxr(tmp_path, item(1, "Erklärung"), head=head)])
    assert report.unmarked == {"items": 1, "imported_as": "en"}
    assert any("de-DE" in problem for problem in report.problems)
    mapped = import_files([wxr(tmp_path, item(2, "Zweite"), head=head, name="second.xml")], language_map={"de": "ar"})
    assert mapped.unmarked == {"items": 1, "imported_as": "ar"}
    assert post("2").locale.language_code == "ar"


def test_a_failure_after_the_batches_is_reported_and_a_rerun_completes_the_import(tmp_path, monkeypatch):
    link = Translations.link

    def failing(self, source):
        raise IntegrityError("UNIQUE constraint failed: wagtailcore_page.translation_key, wagtailcore_page.locale_id")

    monkeypatch.setattr(Translations, "link", failing)
    with pytest.raises(CommandError) as stopped:
        run(tmp_path, "--map-language", "fa=ar", "--batch-size", "3")
    message = str(stopped.value)
    assert "while linking translations" in message and "IntegrityError" in message
    assert "The 4 batches committed before it stay (10 posts and pages created or updated)" in message
    assert "importing the same files again completes the import" in message
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["incomplete"]["step"] == "linking translations"
    assert report["incomplete"]["batches_committed"] == 4
    assert PostPage.objects.count() == 8
    assert post("101").translation_key != post("102").translation_key

    monkeypatch.setattr(Translations, "link", link)
    again, output = run(tmp_path, "--map-language", "fa=ar")
    assert "incomplete" not in again and again["counts"]["post"] == {"unchanged": 8}
    assert post("101").translation_key == post("102").translation_key
    assert "Import finished." in output
