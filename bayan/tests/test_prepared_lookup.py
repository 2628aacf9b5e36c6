"""A lookup compiled once finds what its queryset finds, with its related objects, for any values."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from bayan.database import PreparedLookup
from bayan.newsroom.models import PostPage
from bayan.newsroom.tests.factories import category, make_post

pytestmark = pytest.mark.django_db


def by_slug():
    return PreparedLookup(
        lambda language, slug, now: PostPage.objects.visible_to_readers(now)
        .filter(locale__language_code=language, slug=slug)
        .select_related("locale", "category__locale").order_by("pk")[:1],
        names=("language", "slug", "now"), moments=("now",),
    )


def test_it_finds_the_same_post_with_its_related_objects_without_more_queries(django_assert_num_queries):
    first = make_post("ar", "بيان أول", slug="first", category=category("ar", "تقرير"))
    second = make_post("en", "Second statement", slug="second")
    lookup = by_slug()
    with django_assert_num_queries(1):
        found = lookup.first(language="ar", slug="first", now=timezone.now())
    with django_assert_num_queries(0):
        assert (found.pk, found.title, found.locale.language_code) == (first.pk, first.title, "ar")
        assert found.category.locale.language_code == "ar"
    assert lookup.first(language="en", slug="second", now=timezone.now()).pk == second.pk
    assert found.date == first.date


def test_each_call_uses_its_own_values():
    make_post("en", "Embargoed", slug="later", date=timezone.now() + timedelta(days=1))
    lookup = by_slug()
    assert lookup.first(language="en", slug="later", now=timezone.now()) is None
    assert lookup.first(language="en", slug="later", now=timezone.now() + timedelta(days=2)) is not None
    assert lookup.first(language="ar", slug="later", now=timezone.now() + timedelta(days=2)) is None


def test_a_value_asked_in_several_places_is_given_in_each():
    titled = make_post("en", "same-words", slug="other-words")
    slugged = make_post("en", "Other title", slug="same-words")
    make_post("en", "Neither", slug="neither")
    visible = PostPage.objects.visible_to_readers
    lookup = PreparedLookup(lambda words: (visible().filter(slug=words) | visible().filter(title=words)).order_by("pk"),
                            names=("words",))
    assert [post.pk for post in lookup.all(words="same-words")] == [titled.pk, slugged.pk]


def test_a_value_the_sql_does_not_hold_is_refused():
    lookup = PreparedLookup(lambda slug: PostPage.objects.all(), names=("slug",))
    with pytest.raises(ValueError, match="must appear"):
        lookup.first(slug="x")


def test_all_finds_every_object_in_the_querysets_order(django_assert_num_queries):
    older = make_post("en", "Older", slug="older", days_ago=5)
    newer = make_post("en", "Newer", slug="newer", days_ago=1)
    make_post("ar", "بيان", slug="arabic", days_ago=2)
    lookup = PreparedLookup(
        lambda language, now: PostPage.objects.visible_to_readers(now).filter(locale__language_code=language)
        .select_related("locale").order_by("-date", "-pk"),
        names=("language", "now"), moments=("now",))
    with django_assert_num_queries(1):
        found = lookup.all(language="en", now=timezone.now())
        assert [(post.pk, post.locale.language_code) for post in found] == [(newer.pk, "en"), (older.pk, "en")]
    assert lookup.all(language="fr", now=timezone.now()) == []


def test_rows_gives_the_plain_values():
    post = make_post("en", "Plain", slug="plain")
    lookup = PreparedLookup(lambda slug: PostPage.objects.filter(slug=slug).values_list("pk", "title"), names=("slug",))
    assert lookup.rows(slug="plain") == [(post.pk, "Plain")]


def test_a_list_is_widened_to_each_of_its_values():
    posts = [make_post("en", f"Listed {number}", slug=f"listed-{number}", days_ago=number) for number in range(4)]
    lookup = PreparedLookup(
        lambda ids, now: PostPage.objects.visible_to_readers(now).filter(pk__in=ids).order_by("pk")
        .values_list("pk", "date", "translation_key"),
        names=("ids", "now"), moments=("now",), numbers=("ids",), lists=("ids",))
    chosen = [posts[3].pk, posts[1].pk]
    assert [row[0] for row in lookup.rows(ids=chosen, now=timezone.now())] == sorted(chosen)
    assert [row[0] for row in lookup.rows(ids=[posts[0].pk], now=timezone.now())] == [posts[0].pk]
    # Converted as the ORM converts them: an aware date, a UUID, on every database.
    assert lookup.values(ids=[posts[2].pk], now=timezone.now()) == [
        (posts[2].pk, posts[2].date, posts[2].translation_key)]


def test_a_list_of_uuids_finds_their_rows():
    first, second = make_post("en", "One", slug="one"), make_post("ar", "اثنان", slug="two")
    lookup = PreparedLookup(lambda keys: PostPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True),
                            names=("keys",), uuids=("keys",), lists=("keys",))
    assert sorted(lookup.values(keys=[first.translation_key, second.translation_key])) == sorted(
        [(first.pk,), (second.pk,)])


def test_a_lists_statement_is_the_same_text_for_every_length_on_postgresql_and_widened_elsewhere():
    """PostgreSQL prepares a statement by its text: a list is one array there, so lengths share one plan, and one
    value is given as itself, so that its plan is kept too (see the test below)."""
    from django.db import connection

    from bayan.database import in_list

    posts = [make_post("en", f"Counted {number}", slug=f"counted-{number}") for number in range(3)]
    lookup = PreparedLookup(lambda ids: PostPage.objects.filter(pk__in=ids).values_list("pk", flat=True),
                            names=("ids",), numbers=("ids",), lists=("ids",))
    one = lookup.statement(ids=[posts[0].pk])
    two = lookup.statement(ids=[post.pk for post in posts[:2]])
    three = lookup.statement(ids=[post.pk for post in posts])
    if connection.vendor == "postgresql":
        assert two[0] == three[0] and "= ANY(%s)" in three[0]
        assert three[1] == [[post.pk for post in posts]]
        assert "IN (%s)" in one[0] and one[1] == [posts[0].pk]
        assert in_list([1, 2], connection.vendor) == (" = ANY(%s)", [[1, 2]])
        assert in_list([7], connection.vendor) == (" = %s", [7])
    else:
        assert one[0] != three[0] and three[0].count("%s") == 3
        assert in_list([1, 2], connection.vendor) == (" IN (%s, %s)", [1, 2])
    for chosen in ([posts[0]], posts[:2], posts):
        assert sorted(row[0] for row in lookup.rows(ids=[post.pk for post in chosen])) == [post.pk for post in chosen]


def test_an_empty_list_is_refused():
    lookup = PreparedLookup(lambda ids: PostPage.objects.filter(pk__in=ids), names=("ids",), numbers=("ids",),
                            lists=("ids",))
    with pytest.raises(ValueError, match="at least one"):
        lookup.rows(ids=[])


def test_values_read_beside_come_with_the_object_in_the_same_statement(django_assert_num_queries):
    post = make_post("en", "Statement", slug="statement", category=category("en", "report"))
    lookup = PreparedLookup(
        lambda slug: PostPage.objects.filter(slug=slug).select_related("locale", "category").order_by("pk")[:1],
        names=("slug",), beside=("(SELECT COUNT(*) FROM wagtailcore_locale)", "'beside'"),
    )
    with django_assert_num_queries(1):
        found, beside = lookup.first_and_beside(slug="statement")
    assert (found.pk, found.title, found.category.slug, found.locale.language_code) == (post.pk, post.title,
                                                                                       "report", "en")
    assert beside == (2, "beside")
    assert lookup.first(slug="statement").pk == post.pk
    assert lookup.first_and_beside(slug="nowhere") == (None, None)


def test_a_correlated_lookup_takes_its_value_from_the_enclosing_statement():
    first, second = make_post(slug="first-statement"), make_post(slug="second-statement")
    lookup = PreparedLookup(lambda post: PostPage.objects.filter(pk=post).values("slug"), names=("post",),
                            numbers=("post",))
    sql, parameters = lookup.correlated(connection, "post", "page.id")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page.id, ({sql}) FROM wagtailcore_page page WHERE page.id IN (%s, %s) "
                       "ORDER BY page.id", [*parameters, first.pk, second.pk])
        assert cursor.fetchall() == [(first.pk, "first-statement"), (second.pk, "second-statement")]


def test_a_correlated_lookup_whose_sql_holds_a_literal_placeholder_is_refused():
    # Its parameters could no longer be told from the text: the enclosing column would take the wrong place.
    lookup = PreparedLookup(
        lambda post: PostPage.objects.filter(pk=post).annotate(marker=RawSQL("'100%%s'", [])).values("marker"),
        names=("post",), numbers=("post",))
    with pytest.raises(ValueError, match="no literal '%s'"):
        lookup.correlated(connection, "post", "page.id")


def test_binary_rows_read_the_same_values_as_text_rows():
    from bayan.database import binary_rows

    statement = "SELECT %s, %s, %s"
    parameters = [b"\x00\xffbits", 2**40, "مصطلح"]
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        as_text = cursor.fetchone()
    with connection.cursor() as cursor:
        binary_rows(cursor).execute(statement, parameters)
        as_binary = cursor.fetchone()
    assert tuple(as_binary) == tuple(as_text) == (b"\x00\xffbits", 2**40, "مصطلح")
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding"):
        from psycopg import pq

        assert cursor.cursor.format == pq.Format.BINARY
