"""Nothing a reader may not see changes any public answer: every reader route, with and without hidden items.

The site is rendered twice, address by address, for every route the URL resolver knows
(with sample arguments that include the hidden items' own slugs, years and words): once
with only published posts, once after adding items readers must not see. Every answer
must be the same, byte for byte but for nonces and CSRF tokens: the same status, the same
body, the same redirect. A hidden item may not show itself even as a 200 where there was
a 404.

Each app that adds something readers must not see adds a kind to ``HIDDEN_KINDS``, and
each route argument it introduces gets samples in ``SAMPLES``. The static mirror is written
before and after too, brought up to date and made afresh: it must hold the same files, and
no hidden item's word.
"""

import json
import re
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone, translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from bayan.cases.models import Event, LinkState, Person, PostPerson, Visibility
from bayan.cases.tests.factories import make_event, make_person
from bayan.mirror import signing
from bayan.mirror.export import Options, export
from bayan.navigation.models import Menu, MenuItem
from bayan.newsroom.models import Author, Category, PostPage, StandardPage, Tag
from bayan.newsroom.services import add_post, author_named, category_named, home_for, tag_named
from bayan.statements.models import (
    AffiliationMatch,
    DetectedSignatory,
    Organisation,
    ProposalState,
    Signatory,
    Statement,
    SubmissionState,
)
from bayan.statements.models import Visibility as OrganisationVisibility
from bayan.statements.tests.factories import make_submission
from bayan.tests.committing import committed
from bayan.urls import SITEMAPS

pytestmark = pytest.mark.django_db

# Prefixes no anonymous reader page lives under (documents have their own test,
# newsroom/tests/test_hidden_documents.py). The sign-on pages answer only a link's token
# holder and are never cached (statements/tests/test_sign_on_flow.py, test_signon_abuse.py).
NOT_READER_ROUTES = ("admin/", "documents/", "media/", "_util/", "sign/")
NOW = timezone.datetime(2026, 6, 15, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
NONCE = re.compile(rb'nonce="[^"]*"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def published_newsroom():
    """What readers may see: posts in both languages, sharing a tag, an author and categories."""
    shared_tag, author = tag_named("Detention", "detention"), author_named("Field Desk", "field-desk")
    english = [
        add_post("en", f"Release the reporter {number}", slug=f"release-{number}",
                 body=f"<p>Published statement number {number} about detention.</p>",
                 date=NOW - timedelta(days=40 * number), tags=[shared_tag], authors=[author],
                 category=category_named("en", "Statements", "statements"))
        for number in range(1, 4)
    ]
    arabic_tag = tag_named("احتجاز", "detention", language="ar", translation_of=shared_tag)
    add_post("ar", "أطلقوا سراح الصحفي", slug="اطلقوا-سراح", body="<p>بيان منشور عن الاحتجاز.</p>",
             date=NOW - timedelta(days=20), tags=[arabic_tag], authors=[author], translation_of=english[0],
             category=category_named("ar", "بيانات", "بيانات"))
    # The header menus exist in both states, so that a hidden page's link is all that could differ.
    for language in ("en", "ar"):
        menu = Menu.objects.create(language=language, place=Menu.HEADER)
        MenuItem.objects.create(menu=menu, label="Latest", address=f"/{language}/")
    public_persons(english)
    old_addresses(english[0])
    public_statement(english[0])
    return english


def years_ago(years, days_ahead):
    """The day ``years`` before ``days_ahead`` days after NOW: its anniversary falls within the next 30 days."""
    day = (NOW + timedelta(days=days_ahead)).date()
    return day.replace(year=day.year - years).isoformat()


def public_persons(posts):
    """Persons readers may see, so that every case page has something to show: detained, dead, released, missing.

    The abduction of the last one is the event a hidden kind later adds an internal person to.
    """
    detained = make_person("Amal Reporter", "أمل المراسلة", roles=["journalist"], slug="amal-reporter",
                           aliases="Amal al-Reporter\nأمل مراسلة", affiliation="Sada Radio")
    dead = make_person("Basel Writer", "باسل الكاتب", roles=["blogger"], slug="basel-writer")
    released = make_person("Carim Lawful", "كريم القانوني", roles=["activist"], slug="carim-lawful")
    missing = make_person("Dunia Shared", "دنيا المشتركة", roles=["activist"], slug="dunia-shared")
    make_event("arrested", years_ago(3, 10), detained, place="Hama", responsible="state security")
    make_event("charged", "2024-02", detained, place="Damascus")
    make_event("arrested", "2019-05", dead, place="Homs")
    make_event("killed", years_ago(5, 20), dead, place="Homs")
    make_event("arrested", "2019", released, place="Aleppo")
    make_event("released", "2020-01-10", released, place="Aleppo")
    make_event("abducted", years_ago(4, 3), missing, place="Douma", record_id="shared-abduction")
    PostPerson.objects.bulk_create(
        [PostPerson(post=post, person=person) for post in posts for person in (detained, dead, released, missing)])


def public_statement(post):
    """A joint statement readers may see, in both languages, signed by two public organisations and a person."""
    statement = Statement.objects.create(translation_key=post.translation_key, allows_individuals=True)
    for place, (slug, name_en, name_ar) in enumerate([("levant-observatory", "Levant Observatory", "مرصد المشرق"),
                                                      ("gulf-writers", "Gulf Writers", "كتاب الخليج")]):
        organisation = Organisation.objects.create(slug=slug, name_en=name_en, name_ar=name_ar, country="LB")
        Signatory.objects.create(statement=statement, organisation=organisation, sort_order=place)
    Signatory.objects.create(statement=statement, individual_name="Rania Lawyer", individual_title="lawyer",
                             sort_order=5)
    return statement


def hidden_organisation(word):
    """An internal organisation: it signs without being named, so no page, list, search or file names it."""
    return Organisation.objects.create(
        slug=f"{word}-organisation", name_en=f"{word} Network", name_ar=f"{word} شبكة", short_name_en=f"{word}N",
        aliases=f"{word} Alias Network", country="IQ", kind="union", visibility=OrganisationVisibility.INTERNAL)


def hidden_statement(kind, word):
    """A joint statement on a post readers may not see, signed by a public organisation and an individual."""
    post = hidden_post(kind, "en", word, date=NOW + timedelta(days=400) if kind == "embargoed" else None)
    statement = Statement.objects.create(translation_key=post.translation_key, allows_individuals=True)
    Signatory.objects.create(statement=statement, organisation=Organisation.objects.get(slug="levant-observatory"))
    Signatory.objects.create(statement=statement, individual_name=f"{word} Signer", individual_title="editor",
                             sort_order=1)
    return statement


def hidden_submissions(word):
    """Signatures sent to the public statement that no editor approved: waiting, unconfirmed, rejected."""
    statement = Statement.objects.get(translation_key=PostPage.objects.get(slug="release-1").translation_key)
    return [make_submission(statement, f"{word} Applicants", state=state, country="SY", comment=f"{word} comment")
            for state in (SubmissionState.PENDING, SubmissionState.UNCONFIRMED, SubmissionState.REJECTED)]


def undecided_proposals(word):
    """An affiliation and a detected signatory no editor accepted: the organisation's page shows neither."""
    organisation = Organisation.objects.get(slug="gulf-writers")
    post = PostPage.objects.get(slug="release-2")
    return [AffiliationMatch.objects.create(person=Person.objects.get(slug="carim-lawful"), organisation=organisation),
            AffiliationMatch.objects.create(person=Person.objects.get(slug="basel-writer"), organisation=organisation,
                                            state=ProposalState.REJECTED),
            DetectedSignatory.objects.create(post=post, position=1, name=f"{word} Detected", organisation=organisation)]


def hidden_person(word, status, place, **fields):
    """An internal person whose names, aliases, place and affiliation carry ``word``, linked to published posts."""
    person = make_person(f"{word} Person", f"{word} شخص", roles=["journalist", "lawyer"], slug=f"{word}-person",
                         aliases=f"{word} Alias\n{word}ة", affiliation=f"{word} radio", gender="female",
                         visibility=Visibility.INTERNAL, bio_en=f"{word} biography", bio_ar=f"{word} سيرة", **fields)
    if status == "detained":
        make_event("arrested", years_ago(2, 5), person, place=place, responsible=f"{word} branch")
        make_event("charged", years_ago(1, 200), person, place=place)
    elif status == "dead":
        make_event("arrested", "2021-03", person, place=place)
        make_event("killed", years_ago(4, 7), person, place=place, note=f"{word} note")
        make_event("death_confirmed", "2025-05-05", person, place=place)
    for post, state in zip(PostPage.objects.filter(slug__startswith="release-"), LinkState.values, strict=False):
        PostPerson.objects.create(post=post, person=person, state=state)
    return person


def internal_person_in_a_public_event(word):
    """An internal person added to the public abduction: the event shows only its public person, as before."""
    person = hidden_person(word, "none", f"{word} village")
    event = Event.objects.get(record_id="shared-abduction")
    event.persons.add(person)
    event.save()
    return person


def hidden_menu_link(word):
    """A draft page linked from the header menu: the menu leaves the link out while readers may not see it."""
    page = StandardPage(title=f"{word} campaign page", slug=f"{word}-campaign", body=f"<p>{word}</p>", live=False)
    home_for("en").add_child(instance=page)
    MenuItem.objects.create(menu=Menu.objects.get(language="en", place=Menu.HEADER), page=page, sort_order=1)
    return page


def old_addresses(page):
    """The addresses a WordPress import keeps for ``page``: its old slug and its ``?p=`` id, redirected to it."""
    Redirect.objects.create(old_path=f"/{page.slug}-old", redirect_page=page)
    Redirect.objects.create(old_path=f"/?p={page.pk}", redirect_page=page)


def old_addresses_of_hidden_pages(word):
    """Old addresses kept for every hidden page made so far: following one would name the page's address."""
    hidden = list(Page.objects.filter(title__contains="hidden"))
    for page in hidden:
        old_addresses(page)
    return hidden


def hidden_post(kind, language, word, **fields):
    """A post readers must not see, of one ``kind``, whose title and body carry ``word``."""
    post = add_post(
        language, f"{word} secret statement", slug=f"{word}-{kind}", body=f"<p>{word} is being documented.</p>",
        date=fields.pop("date", NOW - timedelta(days=10)), live=kind != "draft",
        tags=[tag_named("Detention" if language == "en" else "احتجاز", "detention", language=language),
              tag_named(f"{word} case", f"{word}-tag", language=language)],
        authors=[author_named("Field Desk"), author_named(f"{word} writer", f"{word}-author")],
        category=category_named(language, f"{word} files", f"{word}-category"), **fields)
    if kind == "withdrawn":
        post.unpublish()
    elif kind in ("password", "signed-in"):
        restriction = PageViewRestriction.PASSWORD if kind == "password" else PageViewRestriction.LOGIN
        PageViewRestriction.objects.create(page=post, restriction_type=restriction, password="secret")
    return post


# Each kind of thing readers must not see: (name, maker given a unique word, the addresses allowed to
# answer differently because they are the item's own door, e.g. a password form).
HIDDEN_KINDS = [
    ("draft", lambda word: hidden_post("draft", "en", word), ()),
    ("withdrawn", lambda word: hidden_post("withdrawn", "en", word), ()),
    ("embargoed", lambda word: hidden_post("embargoed", "en", word, date=NOW + timedelta(days=400)), ()),
    ("embargoed translation", lambda word: hidden_post(
        "embargoed", "ar", word, date=NOW + timedelta(days=2),
        translation_of=PostPage.objects.get(slug="release-2")), ()),
    # Wagtail's view restrictions: the post's own address asks for a password or a sign-in, by design.
    ("password", lambda word: hidden_post("password", "en", word), ("/en/{word}-password/",)),
    ("signed-in", lambda word: hidden_post("signed-in", "en", word), ("/en/{word}-signed-in/",)),
    ("menu-draft-link", hidden_menu_link, ()),
    ("internal person", lambda word: hidden_person(word, "detained", f"{word} town"), ()),
    ("internal dead person", lambda word: hidden_person(word, "dead", f"{word} city"), ()),
    ("internal person in a public event", internal_person_in_a_public_event, ()),
    ("internal organisation", hidden_organisation, ()),
    ("statement on an embargoed post", lambda word: hidden_statement("embargoed", word), ()),
    ("statement on a draft", lambda word: hidden_statement("draft", word), ()),
    ("submitted signatures", hidden_submissions, ()),
    ("undecided proposals", undecided_proposals, ()),
    # Last: it keeps old addresses for the hidden pages the kinds above made.
    ("old addresses of hidden pages", old_addresses_of_hidden_pages, ()),
]
WORDS = {name: f"zq{index}hidden" for index, (name, _make, _doors) in enumerate(HIDDEN_KINDS)}


def samples():
    """Values for every route argument: the published items' and every hidden item's."""
    slugs = ["release-1", "اطلقوا-سراح", "detention", "field-desk", "statements", "بيانات", "no-such-thing",
             "amal-reporter", "basel-writer", "carim-lawful", "dunia-shared", "levant-observatory", "gulf-writers"]
    for name, word in WORDS.items():
        kind = "embargoed" if name.startswith("embargoed") else name.replace(" ", "-")
        slugs += [f"{word}-{kind}", f"{word}-tag", f"{word}-author", f"{word}-category", f"{word}-person",
                  f"{word}-organisation"]
    return {
        "slug": slugs,
        "year": ["2026", "2027"],
        "month": ["01", "03", "05", "06", "07"],
        "page": [2, 3],
        "section": sorted(SITEMAPS),
        # Page ids: set once the published posts exist (``page_ids_around_the_newest``); the open data
        # API's ids likewise (``ids_around_the_newest``).
        "post_id": [],
        **{name: [] for name in API_IDS},
    }


# The open data API's path arguments, and the model whose ids each takes.
API_IDS = {"tag_id": Tag, "category_id": Category, "author_id": Author, "person_id": Person, "event_id": Event,
           "organisation_id": Organisation, "statement_id": Statement}
SAMPLES = samples()
QUERIES = ["detention", "statement", "secret", "documented", *WORDS.values(), "الاحتجاز",
           "Amal Reporter", "أمل المراسلة", *(f"{word} Person" for word in WORDS.values()),
           *(f"{word} شخص" for word in WORDS.values()), *(f"{word} Alias" for word in WORDS.values()),
           "Levant Observatory", "كتاب الخليج", *(f"{word} Network" for word in WORDS.values()),
           *(f"{word} Applicants" for word in WORDS.values()), *(f"{word} Signer" for word in WORDS.values())]
# Query strings asked of the routes that read them, with values only hidden items have (their year, place, role).
FILTERS = ["status=detained", "status=dead", "status=missing", "status=released", "status=unknown", "status=nonsense",
           "role=journalist", "role=lawyer", "year=2024", "year=2022", "year=2023", "place=Hama",
           "status=dead&year=2022",
           *(f"place={quote_plus(word + ' town')}" for word in WORDS.values()),
           *(f"place={quote_plus(word + ' city')}" for word in WORDS.values())]
ORGANISATION_FILTERS = ["country=LB", "country=IQ", "country=SY", "kind=union", "kind=ngo", "country=IQ&kind=union"]
QUERY_STRINGS = {"cases:person-index": FILTERS, "cases:person-index-page": FILTERS,
                 "cases:person-index-feed": FILTERS[:3],
                 "statements:organisation-index": ORGANISATION_FILTERS,
                 "statements:organisation-index-page": ORGANISATION_FILTERS,
                 # The open data API: whole lists, searches with the hidden items' words, the whole feed.
                 **{f"api-v1:{name}": ["limit=100"] for name in ("posts", "tags", "categories", "authors", "persons",
                                                                 "events", "organisations", "statements")},
                 "api-v1:posts": ["limit=100", "joint=true", "text=plain&limit=100"],
                 "api-v1:search": [f"q={quote_plus(query)}" for query in QUERIES],
                 "api-v1:changes_since": ["limit=1000"]}


def reader_routes(patterns=None, namespace=""):
    """(route name, names of its arguments, count of unnamed arguments) of every reader route."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        text = str(entry.pattern).lstrip("^")
        if text.startswith(NOT_READER_ROUTES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += reader_routes(entry.url_patterns, inner)
            continue
        assert isinstance(entry, URLPattern)
        assert entry.name, f"the route {text!r} has no name: the leak test cannot reach it"
        if isinstance(entry.pattern, RoutePattern):
            names, unnamed = list(entry.pattern.converters), 0
        else:
            assert isinstance(entry.pattern, RegexPattern)
            names = list(entry.pattern.regex.groupindex)
            unnamed = entry.pattern.regex.groups - len(names)
        found.append((f"{namespace}{entry.name}", tuple(names), unnamed))
    return sorted(set(found))


def addresses():
    """Every address to ask: each reader route in each language with each combination of samples."""
    found = set()
    for name, names, unnamed in reader_routes():
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                for values in _combinations(names):
                    if unnamed:
                        paths = [f"{slug}/" for slug in SAMPLES["slug"]] + [""]
                        for path in paths:
                            found.add(reverse(name, args=[path]))
                        continue
                    address = reverse(name, kwargs=values) if values else reverse(name)
                    found.add(address)
                    found.update(f"{address}?{query}" for query in QUERY_STRINGS.get(name, ()))
    for language, _label in settings.LANGUAGES:
        found.update(f"/{language}/search/?q={quote_plus(query)}" for query in QUERIES)
    # Old WordPress addresses (``old_addresses``): answered by the redirects, not by a route.
    found.update(f"/{slug}-old/" for slug in SAMPLES["slug"])
    found.update(f"/?p={page_id}" for page_id in SAMPLES["post_id"])
    return sorted(found)


def _combinations(names):
    combinations = [{}]
    for name in names:
        assert name in SAMPLES, f"no samples for the route argument {name!r}: add some to SAMPLES"
        combinations = [{**values, name: sample} for values in combinations for sample in SAMPLES[name]]
    return combinations


def page_ids_around_the_newest():
    """The published posts' ids and those the hidden kinds will take after them (ids only grow; on
    PostgreSQL they do not start at 1 in every test)."""
    newest = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
    return list(range(max(1, newest - 30), newest + 90))


def ids_around_the_newest(model):
    """The ids of ``model``'s rows and of those the hidden kinds will add after them."""
    newest = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return list(range(max(1, newest - 10), newest + 25))


def answer(client, address):
    response = client.get(address)
    body = CSRF.sub(b"", NONCE.sub(b"", response.content))
    if address.startswith(("/api/v1/changes/", "/api/v1/snapshot/")) and response.status_code == 200:
        body = _public_part_of_the_feed(json.loads(body))
    return response.status_code, response.get("Location"), body


def _public_part_of_the_feed(answer):
    """What the changes feed and the snapshot show as public; their tokens move with any change, as every
    page's Last-Modified does, and what left or never entered public view is only ever "deleted"."""
    if "ids" in answer:
        return json.dumps(answer["ids"], sort_keys=True).encode()
    return json.dumps(sorted((change["type"], change["id"]) for change in answer["changes"]
                             if change["change"] == "upserted")).encode()


def mirror_files(folder, key):
    """The static mirror of the site written into (or brought up to date in) ``folder``: every file's bytes
    but the ones that say when and which run made them."""
    export(folder, Options("https://copy.example.org", key))
    skipped = {"bayan-mirror.json", "SHA256SUMS", "SHA256SUMS.minisig"}
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*")
            if path.is_file() and path.name not in skipped}


def test_no_public_answer_changes_when_hidden_items_are_added(tmp_path, settings):
    settings.BAYAN_API_RATE_PER_MINUTE = 10**9  # thousands of API answers asked twice, from one address
    client = Client()
    key = signing.generate_keypair()
    with time_machine.travel(NOW, tick=False):
        committed(published_newsroom)
        SAMPLES["post_id"] = page_ids_around_the_newest()
        SAMPLES.update({name: ids_around_the_newest(model) for name, model in API_IDS.items()})
        asked = addresses()
        assert len(asked) > 200
        before = {address: answer(client, address) for address in asked}
        mirrored = mirror_files(tmp_path / "kept", key)
        doors = set()
        made = {}
        for name, make, own_doors in HIDDEN_KINDS:
            made[name] = committed(make, WORDS[name])
            doors.update(door.format(word=WORDS[name]) for door in own_doors)
        changed = []
        for address in asked:
            after = answer(client, address)
            if address in doors:
                # Its own address is in the form it shows; its title and text are not.
                assert after[0] in (200, 302)
                assert b"secret statement" not in after[2] and b"is being documented" not in after[2]
                continue
            if after != before[address]:
                changed.append(f"{address}: {before[address][0]} -> {after[0]}")
        assert changed == []
        # The static mirror, brought up to date and made afresh, holds exactly what it held.
        synced, fresh = mirror_files(tmp_path / "kept", key), mirror_files(tmp_path / "fresh", key)
        assert sorted(set(synced) ^ set(mirrored)) == [] and sorted(set(fresh) ^ set(mirrored)) == []
        assert [name for name in mirrored if synced[name] != mirrored[name] or fresh[name] != mirrored[name]] == []
        secret_words = [word.encode() for word in WORDS.values()]
        assert not [name for name, data in fresh.items() if any(word in data for word in secret_words)]
        # The hidden items were really there to find: they are what readers would see once public.
        hidden_persons = Person.objects.filter(name_en__contains="hidden", visibility=Visibility.INTERNAL)
        page_and_person_kinds = [name for name in made if "organisation" not in name and "signatures" not in name
                                 and "proposals" not in name and "old addresses" not in name]
        assert (Page.objects.filter(title__contains="hidden").count() + hidden_persons.count()
                == len(page_and_person_kinds))
        assert all(made.values()), [name for name, thing in made.items() if not thing]
        assert before["/en/release-1/"][0] == 200 and before["/en/tag/detention/"][0] == 200
        release = PostPage.objects.get(slug="release-1")
        assert before["/release-1-old/"][:2] == before[f"/?p={release.pk}"][:2] == (301, "/en/release-1/")
        # The public persons were there to show, on their pages, the index, and the anniversaries.
        assert before["/en/person/amal-reporter/"][0] == 200 and before["/ar/person/dunia-shared/"][0] == 200
        assert b"Basel Writer" in before["/en/person/?status=dead"][2]
        # The public statement and its signers were there too: the list, the pages, the index and the file.
        assert b"Levant Observatory" in before["/en/release-1/"][2]
        assert "مرصد المشرق".encode() in before["/ar/organisation/levant-observatory/"][2]
        assert before["/en/organisation/levant-observatory/"][0] == 200
        assert b"Gulf Writers" in before["/en/organisation/?country=LB"][2]
        statement_file = f"/open-data/statements/{PostPage.objects.get(slug='release-1').pk}.json"
        assert before[statement_file][0] == 200 and b"Rania Lawyer" in before[statement_file][2]
        anniversaries = before["/en/anniversaries/"][2]
        assert b"Amal Reporter" in anniversaries and b"Basel Writer" in anniversaries
