"""What a person's page shows: names, status, days deprived of liberty, the timeline, linked posts, JSON-LD.

Read in a fixed number of queries whatever the length of the timeline: the person with
their roles, their events with each event's persons and sources, the posts those sources
name that readers may see, and the linked posts in the page's language.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext

from bayan.addresses import slug_address
from bayan.newsroom.models import PostPage

from .display import date_at_precision, date_range_at_precision, days_sentence, status_label, status_sentence
from .models import Person, linked_posts
from .timeline import Status, today_in_site_time_zone


def public_person(slug):
    """The public person at ``slug``; an internal or unknown one is the same 404."""
    person = (Person.objects.visible_to_readers().filter(slug=slug)
              .select_related("status_event", "portrait").prefetch_related("roles").first())
    if person is None:
        raise Http404(gettext("There is no person here."))
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


def _event_sources(events, now):
    """Each event's sources as (title, address): posts only while readers may see them, and addresses elsewhere."""
    post_ids = {source.post_id for event in events for source in event.sources.all() if source.post_id}
    visible = {post.pk: post for post in PostPage.objects.visible_to_readers(now).filter(pk__in=post_ids)
               .select_related("locale").only("id", "title", "slug", "locale__language_code")} if post_ids else {}
    found = {}
    for event in events:
        sources = []
        for source in event.sources.all():
            if source.post_id in visible:
                post = visible[source.post_id]
                sources.append((post.title, post.reader_path()))
            elif source.url:
                sources.append((source.url, source.url))
        found[event.pk] = sources
    return found


def timeline(person, language, month_style, now):
    """The person's events in order, each at its precision, with the other public persons it involved."""
    events = list(person.events.order_by("date", "pk").prefetch_related("persons", "sources"))
    sources = _event_sources(events, now)
    items = []
    with translation.override(language):
        for event in events:
            others = [(other.name_in(language), person_address(language, other.slug))
                      for other in event.public_persons() if other.pk != person.pk]
            items.append(TimelineItem(
                event.type, str(event.get_type_display()),
                date_range_at_precision(event.when, event.end_date, language, month_style), event.when.iso(),
                event.place, event.responsible, event.note, others, sources[event.pk]))
    return items


def person_data(person, language, address, image_address=None):
    """schema.org ``Person`` for the page's JSON-LD: names, roles, affiliation, biography, consented portrait."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name_in(language), "url": address}
    other_names = [name for name in person.all_names() if name != data["name"]]
    if other_names:
        data["alternateName"] = other_names
    roles = [role.name_in(language) for role in person.roles.all()]
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
    posts = linked_posts(person, now).filter(locale__language_code=language).for_listing()
    return {
        "person": person,
        "name": person.name_in(language),
        "other_name": person.other_name(language),
        "other_language": "en" if language == "ar" else "ar",
        "roles": [role.name_in(language) for role in person.roles.all()],
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
        "posts": list(posts),
    }
