"""Every operation answers what readers may see, as its schema says, and names what is wrong in a request."""

import pytest

from bayan.api.open_data import DOWNLOADS
from bayan.tests.committing import committed
from bayan.tests.shared_rows import kept_for_the_module

from .conftest import build_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The package's small newsroom, written once for this module's tests, which only read it."""
    with kept_for_the_module(django_db_blocker):
        yield committed(build_newsroom)


def test_posts_are_listed_newest_first_with_their_terms_translations_and_persons(api, newsroom):
    answer = api.get("/api/v1/posts/?language=en&text=plain").json()
    titles = [post["title"] for post in answer["results"]]
    assert titles == ["Release the reporter 0", "Release the reporter 1", "Release the reporter 2"]
    first = answer["results"][0]
    assert first["tags"] == [{"id": newsroom["tag"].pk, "name": "Detention", "slug": "detention"}]
    assert first["authors"][0]["name"] == "Field Desk"
    [translation] = first["translations"]
    assert translation["language"] == "ar" and translation["id"] == newsroom["arabic"].pk
    assert translation["url"].endswith(newsroom["arabic"].reader_path())
    assert first["persons"] == [newsroom["person"].pk]
    assert first["text_format"] == "plain" and "<p>" not in first["text"]
    assert answer["results"][1]["statement"] == newsroom["statement"].pk


def test_a_posts_other_categories_leave_out_its_main_one(api, newsroom):
    from bayan.newsroom.models import PostPage
    from bayan.newsroom.tests.factories import category

    post = PostPage.objects.get(pk=newsroom["posts"][2].pk)
    main, further = category("en", "news"), category("en", "report")
    post.category = main
    post.other_categories.set([main, further])
    post.save_revision().publish()
    found = api.get(f"/api/v1/posts/{post.pk}/").json()
    assert found["category"]["id"] == main.pk
    assert [each["id"] for each in found["other_categories"]] == [further.pk]


def test_arabic_is_sent_as_utf8_not_escaped(api, newsroom):
    response = api.get(f"/api/v1/posts/{newsroom['arabic'].pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert "أطلقوا سراح المراسلة".encode() in response.content
    assert b"\\u0623" not in response.content


@pytest.mark.parametrize("query, expected", [
    ("tag={tag}", 3), ("author={author}", 3), ("joint=true", 1), ("joint=false", 3), ("person={person}", 1),
    ("organisation={organisation}", 1), ("language=ar", 1), ("published_before=2000-01-01", 0),
])
def test_posts_filters(api, newsroom, query, expected):
    ids = {"tag": newsroom["tag"].pk, "author": newsroom["author"].pk, "person": newsroom["person"].pk,
           "organisation": newsroom["organisation"].pk}
    assert len(api.get("/api/v1/posts/?" + query.format(**ids)).json()["results"]) == expected


def test_each_resource_has_a_list_and_a_page_of_its_own(api, newsroom):
    for kind, found in [("tags", newsroom["tag"]), ("authors", newsroom["author"]), ("persons", newsroom["person"]),
                        ("organisations", newsroom["organisation"]), ("statements", newsroom["statement"])]:
        listed = api.get(f"/api/v1/{kind}/").json()["results"]
        assert found.pk in [item["id"] for item in listed], kind
        assert api.get(f"/api/v1/{kind}/{found.pk}/").json()["id"] == found.pk, kind
    assert api.get(f"/api/v1/tags/{newsroom['tag'].pk}/").json()["posts"] == 3
    assert api.get(f"/api/v1/authors/{newsroom['author'].pk}/").json()["posts"] == 3
    person = api.get(f"/api/v1/persons/{newsroom['person'].pk}/").json()
    assert person["name"] == {"en": "Amal Reporter", "ar": "أمل المراسلة"}
    assert person["status"] == "detained" and person["since"] == "2020-03-04" and person["days"] > 0
    event = api.get(f"/api/v1/events/{person['events'][0]}/").json()
    assert event["persons"] == [newsroom["person"].pk] and event["date"] == "2020-03-04"
    organisation = api.get(f"/api/v1/organisations/{newsroom['organisation'].pk}/").json()
    assert organisation["statements"] == [newsroom["statement"].pk]
    statement = api.get(f"/api/v1/statements/{newsroom['statement'].pk}/").json()
    assert statement["signatories"][0]["name"] == {"en": "Levant Observatory", "ar": "مرصد المشرق"}


def test_search_answers_as_the_site_does_with_its_facets(api, newsroom):
    answer = api.get("/api/v1/search/?q=reporter").json()
    assert answer["total"] == 3 and answer["mode"] == "exact"
    assert {hit["post"]["title"] for hit in answer["results"]} == {f"Release the reporter {n}" for n in range(3)}
    assert answer["facets"]["language"][0]["value"] == "en"


def test_pages_follow_each_other_to_the_end(api, newsroom):
    seen, address = [], "/api/v1/posts/?limit=2"
    while address:
        answer = api.get(address).json()
        seen += [post["id"] for post in answer["results"]]
        address = answer["next"]
    assert len(seen) == len(set(seen)) == 4


@pytest.mark.parametrize("address, parameter", [
    ("/api/v1/posts/?catgory=3", "catgory"),
    ("/api/v1/posts/?published_after=yesterday", "published_after"),
    ("/api/v1/posts/?limit=101", "limit"),
    ("/api/v1/posts/?limit=0", "limit"),
    ("/api/v1/posts/?cursor=forged", "cursor"),
    ("/api/v1/posts/?text=pdf", "text"),
    ("/api/v1/tags/?language=fr", "language"),
    ("/api/v1/changes/?since=forged", "since"),
    ("/api/v1/changes/?limit=1001", "limit"),
    ("/api/v1/posts/abc/", "post_id"),
])
def test_a_wrong_parameter_is_a_400_naming_it(api, newsroom, address, parameter):
    response = api.get(address)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_cursor_of_another_list_is_refused(api, newsroom):
    cursor = api.get("/api/v1/posts/?limit=1").json()["next_cursor"]
    assert api.get(f"/api/v1/persons/?cursor={cursor}").status_code == 400


@pytest.mark.parametrize("address", ["/api/v1/posts/999999/", "/api/v1/persons/999999/", "/api/v1/nothing/",
                                     "/api/v1/posts"])
def test_what_is_not_there_is_a_json_404(api, newsroom, address):
    response = api.get(address)
    assert response.status_code == 404 and "error" in response.json()


def test_the_contract_describes_every_operation_and_parameter(api):
    document = api.get("/api/v1/openapi.json").json()
    operations = set(document["paths"])
    for name in ("posts", "tags", "categories", "authors", "persons", "events", "organisations", "statements"):
        assert f"/api/v1/{name}/" in operations and any(path.startswith(f"/api/v1/{name}/{{") for path in operations)
    for name in ("search", "anniversaries", "changes", "snapshot"):
        assert f"/api/v1/{name}/" in operations
    posts = document["paths"]["/api/v1/posts/"]["get"]
    described = {parameter["name"]: parameter.get("description") for parameter in posts["parameters"]}
    assert {"language", "tag", "published_after", "cursor", "limit", "text", "joint"} <= set(described)
    assert all(described.values())
    assert document["components"]["schemas"]["Post"]["additionalProperties"] is False


def test_the_docs_page_loads_its_assets_from_the_site(api):
    page = api.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_the_open_data_downloads_are_in_the_contract_and_keep_to_it(api, newsroom):
    document = api.get("/api/v1/openapi.json").json()
    statement_post = newsroom["posts"][1].pk
    for path, (_summary, model) in DOWNLOADS.items():
        assert path in document["paths"]
        response = api.get(path.replace("{post_id}", str(statement_post)))
        assert response.status_code == 200, path
        model.model_validate(response.json())  # every field declared, none missing
        assert response["X-Changes-Token"]
    assert "/open-data/persons.csv" in document["paths"]
