"""The page this project was made from, as a specification.

``shared/seed/tag-arresting-activists-page-3.txt`` is page 3 of a tag archive on
a WordPress site. Ten posts whose titles and bodies begin with what it shows
(and go on with more words) must list on page 3 of that tag, in that order,
with exactly its category labels, titles and excerpts, character for character.
"""

import html
from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.tests.shared_files import SHARED, require

SEED = SHARED / "seed" / "tag-arresting-activists-page-3.txt"


def seed_items():
    """(category label, title, excerpt) for each item of the seed page, top to bottom."""
    lines = [line.rstrip("\r") for line in require(SEED, "the seed page").read_text(encoding="utf-8").split("\n")]
    lines = [line for line in lines if line.strip(" \t")]
    assert len(lines) % 3 == 0, "the seed is made of label, title, excerpt triples"
    return [tuple(lines[index:index + 3]) for index in range(0, len(lines), 3)]


def without_ellipsis(text):
    return text[:-3] if text.endswith("...") else text


def as_body(text):
    """HTML a WordPress editor would have stored for this text, with no-break spaces as entities."""
    return "<p>" + html.escape(text, quote=False).replace("\u00a0", "&nbsp;") + "</p>"


@pytest.fixture
def seed_tag_archive():
    """Twenty newer posts in the tag, then the seed's ten, then an older one; others outside the tag."""
    tag = tag_named("arresting activists")
    press_release = category("en", "press-release")
    newest = timezone.now() - timedelta(days=1)
    for number in range(20):
        make_post(title=f"Newer statement {number}", date=newest - timedelta(hours=number), tags=[tag],
                  category=press_release)
        make_post(title=f"Unrelated news {number}", date=newest - timedelta(hours=number, minutes=30))
    seed_start = newest - timedelta(days=30)
    for position, (_label, title, excerpt) in enumerate(seed_items()):
        full_title = without_ellipsis(title) + (" crimes in Syria today" if title.endswith("...") else "")
        body = as_body(without_ellipsis(excerpt) + " and the statement goes on for several more sentences.")
        make_post(title=full_title, body=body, date=seed_start - timedelta(days=position), tags=[tag],
                  category=category("en", "press-release"))
    make_post(title="Oldest post in the tag", date=seed_start - timedelta(days=400), tags=[tag],
              category=press_release)
    return tag


@pytest.mark.django_db
def test_page_three_of_the_tag_lists_exactly_what_the_seed_shows(client, seed_tag_archive):
    response = client.get("/en/tag/arresting-activists/page/3/")
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content.decode("utf-8"))
    listed = [
        (
            entry.xpath(".//p[@class='entry-category']")[0].text_content(),
            entry.xpath(".//h2[@class='entry-title']/a")[0].text_content(),
            entry.xpath(".//p[@class='entry-excerpt']")[0].text_content(),
        )
        for entry in document.xpath("//article[@class='entry']")
    ]
    assert listed == seed_items()


def test_every_excerpt_in_the_seed_is_thirty_words_and_every_title_at_most_eight():
    from bayan.newsroom.text import split_words

    for _label, title, excerpt in seed_items():
        assert len(split_words(without_ellipsis(excerpt))) == 30
        assert len(split_words(without_ellipsis(title))) <= 8
