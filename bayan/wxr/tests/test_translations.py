"""Polylang's languages and translation groups become languages and linked translations."""

import pytest

from bayan.newsroom.models import PostPage
from bayan.wxr.importer import import_files

from .helpers import HEAD, item, wxr

pytestmark = pytest.mark.django_db

GROUP = (
    "<wp:term><wp:term_id>50</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy>"
    "<wp:term_slug>pll_5a1b2c</wp:term_slug><wp:term_name>pll_5a1b2c</wp:term_name>"
    '<wp:term_description><![CDATA[a:2:{s:2:"en";i:10;s:2:"ar";i:11;}]]></wp:term_description></wp:term>\n'
)


def marked(language):
    return (f'<category domain="language" nicename="{language}"><![CDATA[{language}]]></category>'
            '<category domain="post_translations" nicename="pll_5a1b2c"><![CDATA[pll_5a1b2c]]></category>')


def test_posts_of_one_group_are_translations_of_each_other(tmp_path, client):
    path = wxr(
        tmp_path,
        item(10, "Release the journalist", slug="release-the-journalist", terms=marked("en")),
        item(11, "أطلقوا سراح الصحفي", slug="%d8%a3%d8%b7%d9%84%d9%82%d9%88%d8%a7", terms=marked("ar")),
        head=HEAD + GROUP,
    )
    import_files([path])
    english = PostPage.objects.get(locale__language_code="en")
    arabic = PostPage.objects.get(locale__language_code="ar")
    assert english.translation_key == arabic.translation_key
    assert arabic.slug == "أطلقوا"
    page = client.get(english.url).content.decode()
    assert f'hreflang="ar" href="http://127.0.0.1:8000{arabic.url}"' in page


def wpml(language, group):
    return "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (("_wpml_import_language_code", language), ("_wpml_import_translation_group", group),
                           ("_wpml_import_element_type", "post_post"))
    )


def test_wpml_languages_and_translation_groups_link_translations(tmp_path):
    path = wxr(
        tmp_path,
        item(20, "Journalist released", slug="journalist-released", extra=wpml("en", "7")),
        item(21, "الإفراج عن الصحفي", slug="released-ar", extra=wpml("ar", "7")),
        item(22, "Another statement", slug="another", extra=wpml("en", "8")),
    )
    import_files([path])
    english = PostPage.objects.get(slug="journalist-released")
    arabic = PostPage.objects.get(slug="released-ar")
    other = PostPage.objects.get(slug="another")
    assert (english.locale.language_code, arabic.locale.language_code) == ("en", "ar")
    assert english.translation_key == arabic.translation_key != other.translation_key
    again = import_files([path])
    assert again.counts["post"]["unchanged"] == 3
    assert PostPage.objects.get(slug="released-ar").translation_key == english.translation_key
