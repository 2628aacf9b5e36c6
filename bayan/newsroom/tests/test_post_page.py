import json
from datetime import UTC, datetime

import lxml.html
import pytest

from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_post():
    english = make_post(
        title="Release journalist Rami Haddad </script><script>alert(1)</script>",
        body="<p>Rami Haddad was detained on 4 May.</p>",
        date=datetime(2019, 5, 4, 10, 30, tzinfo=UTC),
        tags=[tag_named("detention")], category=category("en", "statement"),
        authors=[author_named("Legal unit", "legal-unit")], slug="release-rami",
    )
    arabic = make_post("ar", "أطلقوا سراح الصحفي رامي حداد", body="<p>اعتقل رامي حداد في 4 مايو.</p>",
                       date=english.date, translation_of=english, slug="أطلقوا-سراح-رامي")
    return english, arabic


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def test_a_post_is_served_at_its_language_and_slug(client, translated_post):
    document = page(client, "/en/release-rami/")
    assert document.xpath("//h1")[0].text_content().startswith("Release journalist Rami Haddad")
    assert document.xpath("//time/@datetime") == ["2019-05-04T10:30:00+00:00"]
    assert document.xpath("//a[@rel='author']/@href") == ["/en/author/legal-unit/"]
    assert document.xpath("//a[@rel='tag']/@href") == ["/en/tag/detention/"]


def test_the_language_switcher_goes_to_the_translation(client, translated_post):
    english = page(client, "/en/release-rami/")
    switch = english.xpath("//nav[@class='language-switcher']//a/@href")
    assert switch == ["/ar/%D8%A3%D8%B7%D9%84%D9%82%D9%88%D8%A7-%D8%B3%D8%B1%D8%A7%D8%AD-%D8%B1%D8%A7%D9%85%D9%8A/"]
    arabic = page(client, switch[0])
    assert arabic.get("dir") == "rtl" and arabic.get("lang") == "ar"
    assert arabic.xpath("//nav[@class='language-switcher']//a/@href") == ["/en/release-rami/"]
    hreflangs = sorted(arabic.xpath("//link[@rel='alternate'][@hreflang]/@hreflang"))
    assert hreflangs == ["ar", "en"]


def test_without_a_translation_the_switcher_goes_to_the_other_home(client):
    make_post(title="Only in English", slug="only-english")
    document = page(client, "/en/only-english/")
    assert document.xpath("//nav[@class='language-switcher']//a/@href") == ["/ar/"]


def test_structured_data_describes_the_article_and_cannot_be_broken_out_of(client, translated_post):
    document = page(client, "/en/release-rami/")
    scripts = document.xpath("//script")
    assert [script.get("type") for script in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == translated_post[0].title
    assert data["datePublished"] == "2019-05-04T10:30:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Legal unit"}]
    assert data["inLanguage"] == "en"
    assert document.xpath("//meta[@property='og:title']/@content") == [translated_post[0].title]


def test_dates_are_written_for_each_language(client, translated_post):
    assert page(client, "/en/release-rami/").xpath("//p[@class='post-meta']/time")[0].text == "May 4, 2019"
    arabic_url = translated_post[1].url
    assert page(client, arabic_url).xpath("//p[@class='post-meta']/time")[0].text == "4 مايو، 2019"


def test_reader_pages_request_nothing_from_other_hosts(client, translated_post):
    for url in ["/en/", "/en/release-rami/", "/en/tag/", "/en/tag/detention/", "/ar/"]:
        document = page(client, url)
        sources = document.xpath("//@src | //link[@rel='stylesheet']/@href | //link[@rel='preload']/@href")
        assert all(source.startswith("/") and not source.startswith("//") for source in sources), sources


def test_every_reader_page_has_one_h1_a_skip_link_and_landmarks(client, translated_post):
    for url in ["/en/", "/en/release-rami/", "/en/tag/", "/en/tag/detention/", "/ar/", "/en/missing/"]:
        response = client.get(url)
        document = lxml.html.fromstring(response.content)
        assert len(document.xpath("//h1")) == 1, url
        assert document.xpath("//a[@class='skip-link']/@href") == ["#content"]
        assert document.xpath("//main[@id='content']") and document.xpath("//header") and document.xpath("//footer")


def test_the_page_reads_what_the_post_is_filed_under_in_one_query(translated_post):
    from bayan.newsroom.filing import filing_of
    from bayan.newsroom.models import PostPage

    english, arabic = translated_post
    post = PostPage.objects.get(pk=english.pk)
    post.other_categories.set([category("en", "report"), category("en", "news")])
    post.authors.add(author_named("Desk", "desk"))
    post.save()
    filing = filing_of(post)
    assert [(author.name, author.slug) for author in filing.authors] == [("Desk", "desk"), ("Legal unit", "legal-unit")]
    assert [tag.slug for tag in filing.tags] == ["detention"]
    assert [item.reader_path() for item in filing.other_categories] == ["/en/category/news/", "/en/category/report/"]
    assert filing.translations == [("ar", arabic.reader_path())]


def test_a_filing_read_without_translations_keeps_everything_else(translated_post):
    """Feeds show a post's authors, tags and categories but not its translations, which cost the most to read."""
    from bayan.newsroom.filing import filings_of
    from bayan.newsroom.models import PostPage

    english, _arabic = translated_post
    post = PostPage.objects.get(pk=english.pk)
    post.other_categories.set([category("en", "report")])
    post.save()
    whole, without = filings_of([post])[post.pk], filings_of([post], translations=False)[post.pk]
    assert whole.translations and not without.translations and not without.translation_ids
    assert (without.authors, without.tags, without.other_categories) == (
        whole.authors, whole.tags, whole.other_categories)
    assert without.authors and without.tags and without.other_categories
