"""Finding a post's trailing list of signatories: list forms, cleaning, where a list ends, matches."""

import pytest

from bayan.statements.detection import clean, detect, find_list, split_line
from bayan.statements.tests.factories import make_organisation


def names(html):
    return [name for name, _ in find_list(html)]


def test_a_list_after_a_cue_in_list_items():
    html = "<p>Text.</p><p>Signatories:</p><ul><li>Cedar Press Forum</li><li>Atlas Legal Aid Centre</li></ul>"
    assert names(html) == ["Cedar Press Forum", "Atlas Legal Aid Centre"]


def test_one_name_a_line_with_numbering_and_a_country_set_aside():
    html = "<p>الموقعون:</p><p>1. مرصد المشرق لحرية الصحافة (لبنان)<br/>2. شبكة الفرات للحقوق الرقمية</p>"
    assert find_list(html) == [("مرصد المشرق لحرية الصحافة", "لبنان"), ("شبكة الفرات للحقوق الرقمية", "")]


def test_arabic_names_with_a_glued_and_inside_stay_whole():
    line = "جمعية الصحافة والإعلام، مركز العدالة والكرامة ومرصد الخليج لحقوق الإنسان"
    assert split_line(line) == ["جمعية الصحافة والإعلام", "مركز العدالة والكرامة", "مرصد الخليج لحقوق الإنسان"]


def test_english_and_before_the_last_name_but_not_inside_one():
    assert split_line("Sahel Writers and Journalists Union, Gulf Rights Centre and Nile Press Monitor") == [
        "Sahel Writers and Journalists Union", "Gulf Rights Centre", "Nile Press Monitor"]


def test_a_contact_line_ends_the_list():
    html = "<p>Signed by:</p><p>Cedar Press Forum</p><p>Aden Civic Space Network</p><p>Contact: Jane Doe</p>"
    assert names(html) == ["Cedar Press Forum", "Aden Civic Space Network"]


@pytest.mark.parametrize("html", [
    "<p>We, the undersigned organisations, condemn the arrest of the writer and call for her release.</p>"
    "<p>The court will hear the case again in March.</p>",
    "<p>No signatories here.</p>",
    "",
    "<p>نحن المنظمات الموقعة أدناه ندين اعتقال الكاتبة ونطالب بالإفراج عنها.</p>",
])
def test_statements_without_a_trailing_list_give_nothing(html):
    assert names(html) == []


def test_cleaning_takes_bullets_and_punctuation_off():
    assert clean("- Levant Press Freedom Observatory;") == ("Levant Press Freedom Observatory", "")
    assert clean("٣) مركز الأرز للمساعدة القانونية.") == ("مركز الأرز للمساعدة القانونية", "")


@pytest.mark.django_db
def test_names_are_matched_to_organisations_in_either_script():
    observatory = make_organisation("Levant Press Freedom Observatory", "مرصد المشرق لحرية الصحافة")
    make_organisation("Atlas Legal Aid Centre")
    html = ("<p>المنظمات الموقعة:</p><ul><li>مرصد المشرق لحرية الصحافة</li>"
            "<li>Levant Press Freedom Observatory (LPFO)</li><li>Unknown Sahel Collective</li></ul>")
    found = detect(html, [observatory])
    assert [item.proposed for item in found] == [observatory, observatory, None]
    assert [item.position for item in found] == [0, 1, 2]
