import lxml.html
import pytest

from bayan.newsroom.services import tag_named
from bayan.newsroom.tests.factories import make_post
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


def test_the_tag_index_lists_each_tag_of_the_language_with_its_count(client):
    detention, torture = tag_named("detention"), tag_named("torture")
    arabic, arabic_detention = tag_named("اعتقال الناشطين", language="ar"), tag_named("detention", language="ar")
    make_post(tags=[detention, torture])
    make_post(tags=[detention])
    make_post("ar", "بيان عن الاعتقال", tags=[arabic, arabic_detention])
    document = lxml.html.fromstring(client.get("/en/tag/").content)
    rows = [(item.xpath("a")[0].text_content(), item.xpath("a/@href")[0], item.xpath("span")[0].text_content())
            for item in document.xpath("//ul[@class='tag-index']/li")]
    assert rows == [("detention", "/en/tag/detention/", "(2)"), ("torture", "/en/tag/torture/", "(1)")]
    arabic_document = lxml.html.fromstring(client.get("/ar/tag/").content)
    links = arabic_document.xpath("//ul[@class='tag-index']/li/a/@href")
    # Arabic collation puts Arabic names before Latin ones.
    assert links == [
        "/ar/tag/%D8%A7%D8%B9%D8%AA%D9%82%D8%A7%D9%84-%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7%D9%8A%D9%86/",
        "/ar/tag/detention/",
    ]


def test_an_arabic_tag_is_reached_by_its_percent_encoded_address_in_either_case(client):
    make_post("ar", "بيان عن الاعتقال", tags=[tag_named("اعتقال الناشطين", language="ar")])
    upper = "/ar/tag/%D8%A7%D8%B9%D8%AA%D9%82%D8%A7%D9%84-%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7%D9%8A%D9%86/"
    assert client.get(upper).status_code == 200
    assert client.get(upper.lower()).status_code == 200


def test_a_tag_given_a_new_slug_is_listed_at_its_new_address_at_once(client):
    detention = tag_named("detention")
    committed(make_post, tags=[detention])
    assert tag_index_links(client) == ["/en/tag/detention/"]
    detention.slug = "arbitrary-detention"
    committed(detention.save)
    assert tag_index_links(client) == ["/en/tag/arbitrary-detention/"]
    assert client.get("/en/tag/arbitrary-detention/").status_code == 200


def tag_index_links(client):
    return lxml.html.fromstring(client.get("/en/tag/").content).xpath("//ul[@class='tag-index']/li/a/@href")
