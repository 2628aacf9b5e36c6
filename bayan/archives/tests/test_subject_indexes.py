from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from bayan.newsroom.models import Author, Category, Tag
from bayan.newsroom.services import author_named, tag_named
from bayan.newsroom.tests.factories import category, make_post
from bayan.pagecache.invalidation import start_new_generation
from bayan.tests.committing import committed

pytestmark = pytest.mark.django_db


def index_rows(client, url):
    document = lxml.html.fromstring(client.get(url).content)
    return [(item.xpath("a")[0].text_content(), item.xpath("a/@href")[0], item.xpath("span")[0].text_content())
            for item in document.xpath("//main//ul[contains(@class, 'subject-index')]/li")]


def subcategory(parent, name, slug):
    return Category.objects.create(locale=parent.locale, name=name, slug=slug, parent=parent)


def test_the_author_index_lists_authors_with_visible_posts_in_collation_order(client):
    zoe, amal, unseen = author_named("zoe Writer"), author_named("Amal Monitor"), author_named("Hidden Hand")
    make_post(authors=[zoe])
    make_post(authors=[zoe, amal])
    make_post(authors=[unseen], live=False)
    make_post(authors=[unseen], date=timezone.now() + timedelta(days=2))
    assert index_rows(client, "/en/author/") == [
        ("Amal Monitor", "/en/author/amal-monitor/", "(1)"),
        ("zoe Writer", "/en/author/zoe-writer/", "(2)"),
    ]


def test_the_author_index_of_a_language_counts_only_its_posts(client):
    writer = author_named("Amal Monitor")
    committed(make_post, authors=[writer])
    assert index_rows(client, "/ar/author/") == []
    committed(make_post, "ar", "بيان", authors=[writer])
    assert [row[2] for row in index_rows(client, "/ar/author/")] == ["(1)"]


def test_the_category_index_shows_subcategories_under_their_parent_with_counts_that_include_them(client):
    statements = category("en", "statement")
    urgent = subcategory(statements, "Urgent appeals", "urgent-appeals")
    make_post(category=urgent)
    make_post(category=statements)
    make_post(category=category("en", "press-release"))
    make_post(category=category("en", "report"), live=False)
    document = lxml.html.fromstring(client.get("/en/category/").content)
    top = document.xpath("//main/ul[contains(@class, 'category-index')]/li")
    names = [item.xpath("a")[0].text_content() for item in top]
    assert names == sorted(names, key=str.casefold)
    assert "/en/category/report/" not in client.get("/en/category/").content.decode()
    statement_item = next(item for item in top if item.xpath("a/@href")[0] == "/en/category/statement/")
    assert statement_item.xpath("span")[0].text_content() == "(2)"
    assert statement_item.xpath("ul/li/a/@href") == ["/en/category/urgent-appeals/"]
    assert statement_item.xpath("ul/li/span")[0].text_content() == "(1)"


def test_categories_keep_the_capitalisation_editors_typed(client):
    make_post(category=subcategory(category("en", "statement"), "UN Submissions to the HRC", "un-submissions"))
    assert "UN Submissions to the HRC" in client.get("/en/category/").content.decode()


def test_arabic_indexes_follow_the_arabic_alphabet(client):
    for name in ("مدن", "أمن", "بيان", "احتجاز"):
        make_post("ar", f"عن {name}", tags=[tag_named(name, language="ar")])
    document = lxml.html.fromstring(client.get("/ar/tag/").content)
    names = [link.text_content() for link in document.xpath("//ul[@class='tag-index']/li/a")]
    assert names == ["احتجاز", "أمن", "بيان", "مدن"]


def test_an_index_with_nothing_visible_says_so(client):
    make_post(authors=[author_named("Hidden Hand")], live=False)
    response = client.get("/en/author/")
    assert response.status_code == 200
    assert "Nothing has been published in this language yet." in response.content.decode()



def index_names(client, address):
    document = lxml.html.fromstring(client.get(address).content)
    return [link.text_content() for link in document.xpath("//main//li/a")]


def renamed(model, slug, name):
    subject = model.objects.get(slug=slug)
    subject.name = name
    subject.save()


@pytest.mark.parametrize("address, model, slug, name", [
    ("/en/tag/", Tag, "torture", "ill-treatment"),
    ("/en/category/", Category, "report", "Field report"),
    ("/en/author/", Author, "legal-unit", "Legal team"),
])
def test_an_index_held_per_generation_shows_an_edit_at_the_next_request(client, address, model, slug, name):
    committed(make_post, tags=["torture"], authors=[author_named("Legal unit", "legal-unit")],
              category=category("en", "report"))
    before = index_names(client, address)
    committed(renamed, model, slug, name)
    assert index_names(client, address) == [name if shown == before[0] else shown for shown in before]
    committed(make_post, tags=["detention"], authors=[author_named("Press desk", "press-desk")],
              category=category("en", "statement"))
    assert len(index_names(client, address)) == len(before) + 1


def test_an_index_counts_an_embargoed_post_once_its_date_has_come(client, time_machine):
    time_machine.move_to(timezone.now())
    make_post(tags=["detention"])
    make_post(tags=["detention"], date=timezone.now() + timedelta(days=2))
    committed(start_new_generation)  # as the commit of the posts does
    assert "(1)" in client.get("/en/tag/").content.decode()
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert "(2)" in client.get("/en/tag/").content.decode()
