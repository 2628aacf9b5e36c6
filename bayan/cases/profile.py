"""What a person's page shows: names, status, days deprived of liberty, the timeline, linked posts, JSON-LD.

Read in a fixed number of queries whatever the length of the timeline: the person with
their roles, their events with each event's persons and sources, the posts those sources
name that readers may see, and the linked posts in the page's language. Each query but the
source posts' is compiled once per process (``PreparedLookup``): building their SQL cost
more than running it.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext

from bayan.addresses import slug_address
from bayan.archives.models import Listing
from bayan.database import PreparedLookup
from bayan.newsroom.models import PostPage

from .display import date_at_precision, date_range_at_precision, days_sentence, status_label, status_sentence
from .models import Event, EventSource, EventType, LinkState, Person, PostPerson, Role, Visibility
from .timeline import Status, today_in_site_time_zone

_person_by_slug = PreparedLookup(
    lambda slug: Person.objects.visible_to_readers().filter(slug=slug)
    .select_related("status_event", "portrait").order_by("pk")[:1],
    names=("slug",))
_roles_of = PreparedLookup(lambda person: Role.objects.filter(persons=person), names=("person",),
                           numbers=("person",))
_events_of = PreparedLookup(lambda person: Event.objects.filter(persons=person).order_by("date", "pk"),
                            names=("person",), numbers=("person",))
# The persons of every event of a person: (event, slug, English name, Arabic name, visibility, id). Internal
# ones are left out as the rows are read: a condition on visibility here made SQLite walk every person.
_companions_of = PreparedLookup(
    lambda person: Event.persons.through.objects.filter(
        event__in=Event.persons.through.objects.filter(person=person).values("event"))
    .order_by("pk").values_list("event_id", "person__slug", "person__name_en", "person__name_ar",
                                "person__visibility", "person_id"),
    names=("person",), numbers=("person",))
_sources_of = PreparedLookup(
    lambda person: EventSource.objects.filter(
        event__in=Event.persons.through.objects.filter(person=person).values("event")).order_by("sort_order", "pk"),
    names=("person",), numbers=("person",))
# The linked posts of a person that readers may see, in one language: read through the archives' home
# listing, whose entries hold exactly the posts ``PostQuerySet.published()`` gives, with their dates
# (``archives/models.py``). The same rule as ``linked_posts()`` without its view-restriction EXISTS,
# which made SQLite scan the page index once per post.
_linked_posts = PreparedLookup(
    lambda person, language, now: PostPage.objects.filter(
        pk__in=PostPerson.objects.filter(person=person, state=LinkState.LINKED).values("post_id"),
        listing_entries__listing__kind=Listing.HOME, listing_entries__listing__language=language,
        listing_entries__date__lte=now).for_listing(),
    names=("person", "language", "now"), numbers=("person",), moments=("now",))


def public_person(slug):
    """The public person at ``slug`` with their roles; an internal or unknown one is the same 404."""
    person = _person_by_slug.first(slug=slug)
    if person is None:
        raise Http404(gettext("There is no person here."))
    person.role_list = _roles_of.all(person=person.pk)
    return person


def person_address(language, slug):
    """A person's page, ``/<lang>/person/<slug>/``."""
    return slug_address(language, "cases:person", slug)


@dataclass
class TimelineItem:
    """One event as a person's timeline shows it."""

    type: str
    type_label: str
    when: str
    iso: str
    place: str
    responsible: str
    note: str
    others: list
    sources: list


def _event_sources(person, language, now):
    """Each event's sources as (title, address): posts only while readers may see them, in the page's
    language when the post has a translation readers may see, and addresses elsewhere."""
    sources = _sources_of.all(person=person.pk)
    post_ids = {source.post_id for source in sources if source.post_id}
    found = {}
    if post_ids:
        key_of = dict(PostPage.objects.filter(pk__in=post_ids).values_list("pk", "translation_key"))
        candidates = list(PostPage.objects.visible_to_readers(now).filter(translation_key__in=set(key_of.values()))
                          .select_related("locale").only("id", "title", "slug", "translation_key",
                                                         "locale__language_code"))
        by_key = {post.translation_key: post for post in candidates if post.locale.language_code == language}
        by_id = {post.pk: post for post in candidates}
    for source in sources:
        post = (by_key.get(key_of.get(source.post_id)) or by_id.get(source.post_id)) if source.post_id else None
        if post is not None:
            found.setdefault(source.event_id, []).append((post.title, post.reader_path()))
        elif source.url:
            found.setdefault(source.event_id, []).append((source.url, source.url))
    return found


def _companions(person, language):
    """{event id: [(name, address)]} of the other public persons of each of ``person``'s events."""
    found = {}
    for event_id, slug, name_en, name_ar, visibility, other in _companions_of.rows(person=person.pk):
        if other != person.pk and visibility == Visibility.PUBLIC:
            name = (name_ar or name_en) if language == "ar" else (name_en or name_ar)
            found.setdefault(event_id, []).append((name, person_address(language, slug)))
    return found


def timeline(person, language, month_style, now):
    """The person's events in order, each at its precision, with the other public persons it involved."""
    events = _events_of.all(person=person.pk)
    sources = _event_sources(person, language, now)
    companions = _companions(person, language)
    items = []
    with translation.override(language):
        for event in events:
            others = companions.get(event.pk, [])
            items.append(TimelineItem(
                event.type, str(EventType(event.type).label),
                date_range_at_precision(event.when, event.end_date, language, month_style), event.when.iso(),
                event.place, event.responsible, event.note, others, sources.get(event.pk, [])))
    return items


def person_data(person, language, address, image_address=None):
    """schema.org ``Person`` for the page's JSON-LD: names, roles, affiliation, biography, consented portrait."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name_in(language), "url": address}
    other_names = [name for name in person.all_names() if name != data["name"]]
    if other_names:
        data["alternateName"] = other_names
    roles = [role.name_in(language) for role in _roles(person)]
    if roles:
        data["jobTitle"] = roles
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.bio_in(language):
        data["description"] = person.bio_in(language)
    if image_address:
        data["image"] = image_address
    return data


def person_context(person, language, month_style):
    """The template context of a person's page (without the chrome's)."""
    now = timezone.now()
    today = today_in_site_time_zone()
    since = person.status_since_date
    cause_type = person.status_event.type if person.status_event_id and person.status_event else ""
    deprived = person.deprived_since_date
    posts = _linked_posts.all(person=person.pk, language=language, now=now)
    return {
        "person": person,
        "name": person.name_in(language),
        "other_name": person.other_name(language),
        "other_language": "en" if language == "ar" else "ar",
        "roles": [role.name_in(language) for role in _roles(person)],
        "bio": person.bio_in(language),
        "portrait": person.portrait_for_readers(),
        "status": person.status,
        "status_label": status_label(person.status, language),
        "status_sentence": status_sentence(person.status, since, cause_type, language, month_style),
        "since_iso": since.iso() if since else "",
        "days": days_sentence(person.days_deprived(today), deprived is not None and deprived.is_approximate,
                              language) if person.status in Status.DEPRIVED_OF_LIBERTY else "",
        "deprived_since": date_at_precision(deprived, language, month_style),
        "timeline": timeline(person, language, month_style, now),
        "posts": posts,
    }


def _roles(person):
    """The person's roles, as ``public_person`` read them (or read now, for a person found otherwise)."""
    return person.role_list if hasattr(person, "role_list") else list(person.roles.all())
