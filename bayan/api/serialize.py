"""Resources as the API returns them: plain dictionaries built for many rows at a time.

Each ``*_data`` function takes model instances already chosen through ``public.py`` and
returns one dictionary per instance in the same order, in a fixed number of queries however
many there are. Addresses are absolute (``BASE_URL``); dates are ISO 8601; Arabic text is left
as it is. The open-data downloads of persons and events are written by the same code
(``bayan.cases.opendata``), which these reuse.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from bayan.addresses import post_address, slug_address
from bayan.cases.models import Event, LinkState, Person, PostPerson
from bayan.cases.opendata import events_json, persons_json
from bayan.cases.profile import person_address
from bayan.cases.records import event_key, person_key
from bayan.database import PreparedLookup
from bayan.newsroom.filing import filings_of
from bayan.newsroom.models import AuthorName
from bayan.newsroom.text import html_to_text
from bayan.statements.models import Statement
from bayan.statements.opendata import statements_json
from bayan.statements.signatory_list import organisation_address

from .public import public, visible_posts


def absolute(path):
    return settings.BASE_URL + path


def _in_every_language(address_of, slug):
    return {code: absolute(address_of(code, slug)) for code, _name in settings.LANGUAGES}


def _term(term):
    """A tag, category or author (a model or a ``filing.Link``) as posts name it."""
    return {"id": term.pk, "name": term.name, "slug": term.slug}


# What a post's representation reads of the posts themselves, of their persons and of their
# statements: compiled once each (building the SQL cost more than running it), for any number of posts.
_visible_post_rows = PreparedLookup(
    lambda ids, now: visible_posts(now).filter(pk__in=ids).values_list(
        "pk", "translation_key", "locale__language_code", "title", "slug", "date", "last_published_at",
        "category_id", "category__name", "category__slug", "listing_excerpt", "body"),
    names=("ids", "now"), moments=("now",), numbers=("ids",), lists=("ids",))
_public_persons_of_posts = PreparedLookup(
    lambda ids: PostPerson.objects.filter(post_id__in=ids, state=LinkState.LINKED,
                                          person__in=Person.objects.visible_to_readers())
    .order_by("person_id").values_list("post_id", "person_id"),
    names=("ids",), numbers=("ids",), lists=("ids",))
_statements_of_translation_sets = PreparedLookup(
    lambda keys: Statement.objects.filter(translation_key__in=keys).order_by().values_list("translation_key", "pk"),
    names=("keys",), uuids=("keys",), lists=("keys",))


def post_data(ids, text="html", now=None):
    """The posts of ``ids`` that readers may see (the others left out), in that order, as the API shows them.

    Each post's authors, tags, further categories and translations are read as its reader page
    reads them (``newsroom.filing``); the posts, their persons and their statements in one
    statement each, whatever their number.
    """
    if not ids:
        return []
    rows = {row[0]: row for row in _visible_post_rows.values(ids=list(ids), now=now or timezone.now())}
    if not rows:
        return []
    persons = defaultdict(list)
    for post_id, person_id in _public_persons_of_posts.rows(ids=list(rows)):
        persons[post_id].append(person_id)
    keys = list({row[1] for row in rows.values()})
    statements = dict(_statements_of_translation_sets.values(keys=keys))
    filings = filings_of([(pk, row[1]) for pk, row in rows.items()])
    found = []
    for pk in ids:
        if pk not in rows:
            continue
        (_pk, key, language, title, slug, date, modified, category_id, category_name, category_slug, excerpt,
         body) = rows[pk]
        filing = filings[pk]
        body = expand_db_html(body or "")
        found.append({
            "id": pk,
            "language": language,
            "title": title,
            "slug": slug,
            "date": date.isoformat(),
            "modified": (modified or date).isoformat(),
            "url": absolute(post_address(language, slug)),
            "category": {"id": category_id, "name": category_name, "slug": category_slug} if category_id else None,
            "other_categories": [_term(link) for link in filing.categories_besides(category_id)],
            "tags": [_term(link) for link in filing.tags],
            "authors": [_term(link) for link in filing.authors],
            "excerpt": excerpt,
            "text_format": text,
            "text": None if text == "excerpt" else body if text == "html" else html_to_text(body),
            "translations": [{"language": language, "id": filing.translation_ids[language], "url": absolute(address)}
                             for language, address in filing.translations],
            "persons": persons[pk],
            "statement": statements.get(key),
        })
    return found


def _translations_of_terms(kind, terms):
    """``{translation key: [term, ...]}`` of the public translations of these tags or categories (``kind``)."""
    if not terms:
        return {}
    found = defaultdict(list)
    for other in public(kind).filter(translation_key__in={term.translation_key for term in terms}).select_related(
            "locale"):
        found[other.translation_key].append(other)
    return found


def term_data(kind, terms, counts):
    """Tags or categories (``kind``; with ``locale`` loaded) and their counts of public posts."""
    others = _translations_of_terms(kind, terms)
    return [{
        "id": term.pk, "language": term.locale.language_code, "name": term.name, "slug": term.slug,
        "description": term.description or "", "posts": counts.get(term.pk, 0),
        "url": absolute(term.reader_path()),
        "translations": [{"language": other.locale.language_code, "id": other.pk, "url": absolute(other.reader_path())}
                         for other in others.get(term.translation_key, []) if other.pk != term.pk],
    } for term in terms]


def author_data(authors, counts):
    """Authors with their names in every language and their counts of public posts."""
    names = defaultdict(dict)
    for author_id, language, name in AuthorName.objects.filter(
            author_id__in=[author.pk for author in authors]).values_list("author_id", "language", "name"):
        names[author_id][language] = name
    return [{
        "id": author.pk, "slug": author.slug,
        "name": {code: names[author.pk].get(code, author.name) for code, _name in settings.LANGUAGES},
        "posts": counts.get(author.pk, 0),
        "url": _in_every_language(lambda code, slug: slug_address(code, "archives:author", slug), author.slug),
    } for author in authors]


def person_data(persons, today=None):
    """Public persons with their derived status, since when and for how many days, and their events."""
    today = today or timezone.localdate()
    by_pk = {person.pk: person for person in persons}
    ordered = Person.objects.filter(pk__in=list(by_pk)) if by_pk else None
    rows = {row["id"]: row for row in persons_json(ordered, today)["persons"]} if ordered is not None else {}
    events = defaultdict(list)
    for event_id, person_id in Event.persons.through.objects.filter(
            person_id__in=list(by_pk), event__in=Event.objects.visible_to_readers()).values_list("event_id",
                                                                                               "person_id"):
        events[person_id].append(event_id)
    posts = defaultdict(list)
    for person_id, post_id in (PostPerson.objects.visible_to_readers().filter(person_id__in=list(by_pk))
                               .filter(state=LinkState.LINKED).values_list("person_id", "post_id")):
        posts[person_id].append(post_id)
    found = []
    for person in persons:
        row = rows[_person_key(person)]
        found.append({
            "id": person.pk, "record_id": row["id"], "slug": person.slug,
            "name": {"en": row["name_en"], "ar": row["name_ar"]}, "aliases": row["aliases"],
            "gender": row["gender"] or None, "roles": row["roles"], "affiliation": row["affiliation"],
            "biography": {"en": row["bio_en"], "ar": row["bio_ar"]},
            "status": row["status"], "since": row["since"], "days": row["days"],
            "events": sorted(events[person.pk]), "posts": sorted(posts[person.pk]),
            "url": _in_every_language(person_address, person.slug),
        })
    return found


def _person_key(person):
    return person_key(person.pk, person.record_id)


def event_data(events):
    """Public events, naming only their public persons, with dates at their precision."""
    if not events:
        return []
    chosen = Event.objects.filter(pk__in=[event.pk for event in events])
    keys = {person_key(pk, record_id): pk for pk, record_id in
            Person.objects.visible_to_readers().values_list("pk", "record_id")}
    rows = {row["id"]: row for row in events_json(chosen)["events"]}
    found = []
    for event in events:
        row = rows[event_key(event.pk, event.record_id)]
        found.append({
            "id": event.pk, "record_id": row["id"], "type": row["type"], "date": row["date"],
            "precision": row["precision"] or "day", "end_date": row["end_date"], "place": row["place"],
            "responsible": row["responsible"], "note": row["note"], "sources": row["sources"],
            "persons": sorted(keys[key] for key in row["persons"] if key in keys),
        })
    return found


def organisation_data(organisations, signed):
    """Public organisations with both languages' names and the public statements each signed (``signed``)."""
    return [{
        "id": found.pk, "slug": found.slug,
        "name": {"en": found.name_en, "ar": found.name_ar},
        "short_name": {"en": found.short_name_en, "ar": found.short_name_ar},
        "aliases": found.alias_list(), "kind": found.kind, "country": found.country.code or None,
        "website": found.website or None, "url": _in_every_language(organisation_address, found.slug),
        "statements": sorted(signed.get(found.pk, ())),
    } for found in organisations]


def statement_data(statements, now=None):
    """Statements readers may see: their posts and signatories in order, as the open-data file has them."""
    return [{"id": statement.pk, "frozen_at": data["frozen_at"], "posts": data["posts"],
             "signatories": data["signatories"], "unnamed_signatories": data["unnamed_signatories"]}
            for statement, data in zip(statements, statements_json(statements, now), strict=True)]
