"""The API's contract: every response's fields, typed and described, and nothing else (``extra="forbid"``).

A field added to a resource without being declared here makes the response fail its own
schema (the tests run every operation against the published document), so the OpenAPI
document at ``/api/v1/openapi.json`` is always the whole truth.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# An id as the databases store it: a larger number names nothing (and would overflow a query).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Strict(BaseModel):
    # Plain pydantic, not ninja's Schema: answers are built as dictionaries, and Schema's reading of
    # attributes from model instances cost more than the rest of validating a list of posts.
    model_config = ConfigDict(extra="forbid")


class Error(Strict):
    error: str = Field(description="What is wrong, in English.")
    parameter: str | None = Field(None, description="The query parameter or path part that is wrong, if one is.")


# What any operation may answer besides its result: a wrong parameter, an unknown or revoked partner
# key, nothing there, too many requests.
ERRORS = {400: Error, 401: Error, 404: Error, 429: Error}


def answers(result):
    """An operation's responses: ``result`` when it works, an ``Error`` otherwise."""
    return {200: result, **ERRORS}


class ByLanguage(Strict):
    en: str = Field(description="In English.")
    ar: str = Field(description="In Arabic.")


class Term(Strict):
    id: int
    name: str
    slug: str


class Translation(Strict):
    language: str = Field(description="Language code, e.g. `ar`.")
    id: int
    url: str = Field(description="The reader page in that language.")


class AuthorByline(Strict):
    id: int
    name: str = Field(description="The author's name as written in the post's language.")
    slug: str


class Post(Strict):
    id: int
    language: str = Field(description="Language code of the post.")
    title: str
    slug: str
    date: str = Field(description="Publication date and time, ISO 8601 with offset.")
    modified: str = Field(description="When the post was last published, ISO 8601 with offset.")
    url: str = Field(description="The post's reader page.")
    category: Term | None = Field(description="The post's main category.")
    other_categories: list[Term] = Field(description="The further categories it is filed under, the main one "
                                                     "left out (as its reader page lists them).")
    tags: list[Term]
    authors: list[AuthorByline]
    excerpt: str = Field(description="The excerpt archives show, plain text.")
    text_format: Literal["html", "plain", "excerpt"] = Field(description="The form of `text`, as asked with `text=`.")
    text: str | None = Field(description="The body as HTML or plain text; null when `text=excerpt`.")
    translations: list[Translation] = Field(description="The same post in other languages, where readers may see it.")
    persons: list[int] = Field(description="Ids of the public persons the post speaks of.")
    statement: int | None = Field(description="The joint statement this post publishes, if it is one.")


class TermDetail(Strict):
    id: int
    language: str
    name: str
    slug: str
    description: str
    posts: int = Field(description="How many posts readers may see its archive lists.")
    url: str
    translations: list[Translation]


class Author(Strict):
    id: int
    slug: str
    name: ByLanguage
    posts: int = Field(description="How many posts readers may see its archives list (in every language).")
    url: ByLanguage = Field(description="The author's archive in each language.")


class Person(Strict):
    id: int
    record_id: str = Field(description="The person's id in the case spreadsheets.")
    slug: str
    name: ByLanguage
    aliases: list[str]
    gender: str | None
    roles: list[str]
    affiliation: str
    biography: ByLanguage
    status: str = Field(description="Derived from the person's events: detained, missing, released, killed, ...")
    since: str | None = Field(description="Start of the status, ISO 8601 at its precision (`2015`, `2015-10`, "
                                          "`2015-10-03`).")
    days: int | None = Field(description="Days deprived of liberty until today, while detained or missing.")
    events: list[int] = Field(description="Ids of the person's public events.")
    posts: list[int] = Field(description="Ids of the posts readers may see that speak of the person.")
    url: ByLanguage = Field(description="The person's page in each language.")


class Event(Strict):
    id: int
    record_id: str
    type: str
    date: str = Field(description="ISO 8601 at the event's precision (`2015`, `2015-10` or `2015-10-03`).")
    precision: Literal["year", "month", "day"]
    end_date: str | None = Field(description="Last day, ISO 8601, for an event that lasted.")
    place: str
    responsible: str
    note: str
    sources: list[str] = Field(description="Addresses of the posts and pages the event is known from.")
    persons: list[int] = Field(description="Ids of the public persons involved.")


class OrganisationNames(Strict):
    """What is said of an organisation everywhere: the API and the open-data file."""

    id: int
    slug: str
    name: ByLanguage
    short_name: ByLanguage
    aliases: list[str]
    kind: str
    country: str | None = Field(description="ISO 3166 country code.")
    website: str | None
    url: ByLanguage = Field(description="The organisation's page in each language.")


class Organisation(OrganisationNames):
    statements: list[int] = Field(description="Ids of the public joint statements it signed.")


class StatementPost(Strict):
    id: int
    language: str
    title: str
    date: str
    url: str


class Signatory(Strict):
    position: int
    signed_on: str
    after_publication: bool
    type: Literal["organisation", "person"]
    name: ByLanguage | str = Field(description="An organisation's names, or an individual's name.")
    title: str | None = None
    organisation_id: int | None = None
    slug: str | None = None
    url: ByLanguage | None = None


class Statement(Strict):
    id: int
    frozen_at: str | None = Field(description="When its list of signatories was frozen, ISO 8601.")
    posts: list[StatementPost]
    signatories: list[Signatory]
    unnamed_signatories: int = Field(description="Signatories that are not public, counted and never named.")


class Page(Strict):
    next: str | None = Field(description="The address of the next page, or null on the last.")
    next_cursor: str | None = Field(description="The cursor of the next page (`cursor=`), or null.")


class PostPage(Page):
    results: list[Post]


class TermPage(Page):
    results: list[TermDetail]


class AuthorPage(Page):
    results: list[Author]


class PersonPage(Page):
    results: list[Person]


class EventPage(Page):
    results: list[Event]


class OrganisationPage(Page):
    results: list[Organisation]


class StatementPage(Page):
    results: list[Statement]


class Change(Strict):
    sequence: int = Field(description="The change log entry that reports it; grows through the feed.")
    type: Literal["post", "tag", "category", "author", "person", "event", "organisation", "statement"]
    id: int
    change: Literal["upserted", "deleted"]
    version: int | None = Field(None, description="Grows with every change of the resource; absent when deleted.")


class Changes(Strict):
    changes: list[Change]
    token: str = Field(description="Pass as `since=` to read the changes after these.")
    more: bool = Field(description="Whether more changes wait after this token.")


class Index(Strict):
    openapi: str = Field(description="This API's OpenAPI document.")
    docs: str = Field(description="Its browsable documentation.")
    resources: dict[str, str] = Field(description="The address of each list, by name.")


class Snapshot(Strict):
    token: str = Field(description="The changes feed's token this snapshot reflects: follow the feed from it.")
    ids: dict[str, list[int]] = Field(description="Ids of every public resource, by type.")


class FacetValue(Strict):
    value: str
    label: str
    count: int
    selected: bool


class SearchHit(Strict):
    post: Post
    excerpt: str = Field(description="A passage of the post around the words found, plain text.")


class SearchResults(Strict):
    query: str = Field(description="The query as searched (cleaned and cut as the site does).")
    total: int
    mode: str = Field(description="exact, close or any: how the results match, as the site shows them.")
    page: int
    pages: int
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]]


class Anniversary(Strict):
    person: int = Field(description="The person's id.")
    date: str = Field(description="The anniversary's day, ISO 8601.")
    years: int
    kind: str = Field(description="What began that day: arrest, disappearance, killing, ...")
    precision: Literal["year", "month", "day"]
