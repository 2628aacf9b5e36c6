"""The demo's case records: forty persons, one internal, timelines of every kind, posts linked to whom they name."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from bayan.cases.demo import PERSONS, demo_posts_and_named_persons
from bayan.cases.models import Event, LinkState, Person, PostPerson, Visibility
from bayan.navigation.models import Menu
from bayan.newsroom.demo import build_demo
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db

BUILT_ON = timezone.datetime(2026, 12, 20, 9, 0, tzinfo=timezone.get_fixed_timezone(0))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo newsroom with a few generated stories, built on a day near a year's end."""
    with time_machine.travel(BUILT_ON, tick=False), kept_for_the_module(django_db_blocker):
        build_demo(stories=4)
        yield {person.slug: person for person in Person.objects.all()}


def next_anniversary(day, today):
    """The next anniversary of ``day`` from ``today`` on (29 February on the 28th in a common year)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year always has the day")


def test_forty_persons_one_internal_every_status_and_the_cases_the_issue_names(demo):
    assert len(demo) == len(PERSONS) == 40
    internal = [person for person in demo.values() if person.visibility == Visibility.INTERNAL]
    assert [person.slug for person in internal] == ["suha-barazi"]
    assert {person.status for person in demo.values()} == {"detained", "missing", "released", "dead", "unknown"}
    assert all(person.name_en and person.name_ar and person.bio_en and person.bio_ar for person in demo.values())
    assert all(person.roles.exists() for person in demo.values())
    rearrested = demo["tarek-jabri"]
    assert (rearrested.status, rearrested.deprived_since) == ("detained", date(2019, 3, 4))
    assert rearrested.events.filter(type="released").exists()
    group = Event.objects.get(type="abducted", date=date(2013, 12, 9))
    assert group.persons.count() == 4 and all(person.status == "missing" for person in group.persons.all())
    confirmed_later = demo["amjad-sayegh"]
    assert (confirmed_later.status, confirmed_later.status_since, confirmed_later.status_since_precision) == (
        "dead", date(2015, 10, 1), "month")
    assert confirmed_later.events.filter(type="death_confirmed", date__year=2017).exists()
    assert demo["hussam-eid"].deprived_since == date(2016, 2, 29)
    assert demo["reem-bitar"].deprived_since_precision == "year"
    assert Event.objects.filter(precision="month").count() >= 5
    # Found detained after an abduction: one run of deprivation, counted from the abduction.
    assert demo["munir-halabi"].status == "detained"
    assert demo["munir-halabi"].events.order_by("date").first().type == "abducted"
    # Dates counted back from the build's day: the anniversaries page has something in the next 30 days.
    today = BUILT_ON.date()
    coming = [
        person.slug for person in demo.values()
        if person.is_public and person.status in ("detained", "missing", "dead")
        and person.status_since_precision == "day"
        and next_anniversary(person.status_since, today) - today <= timedelta(days=30)
    ]
    assert len(coming) >= 4


def test_every_demo_post_is_linked_to_exactly_the_persons_it_names(demo):
    truth = demo_posts_and_named_persons()
    names = {person.pk: person.all_names() for person in demo.values()}
    assert len(truth) >= 40 and sum(1 for _post, named in truth if len(named) > 1) >= 5
    for post, named in truth:
        text = f"{post.title} {post.body}"
        assert named == {pk for pk, written in names.items() if any(name in text for name in written)}, post.title
        linked = set(PostPerson.objects.filter(post=post, state=LinkState.LINKED).values_list("person_id", flat=True))
        assert linked == named, post.title
    assert not PostPerson.objects.filter(person__visibility=Visibility.INTERNAL).exists()


def test_the_header_menus_lead_to_the_persons_and_the_anniversaries_after_the_topics(demo):
    for language in ("en", "ar"):
        addresses = [item.address for item in Menu.objects.get(language=language, place=Menu.HEADER)
                     .items.order_by("sort_order")]
        tags = addresses.index(f"/{language}/tag/")
        assert addresses[tags + 1:tags + 3] == [f"/{language}/person/", f"/{language}/anniversaries/"]
