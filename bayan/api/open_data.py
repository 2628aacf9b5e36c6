"""The open-data downloads (``/open-data/...``) in the API's OpenAPI document, with their schemas.

The files are served by the cases and statements apps (``opendata_views``) from the same code
as the API's persons, events and statements; here they are described in the same contract,
strictly, and the tests check each download against its schema.
"""

from pydantic import Field

from .schemas import OrganisationNames, Signatory, StatementPost, Strict


class PersonRecord(Strict):
    id: str = Field(description="The person's id in the case spreadsheets.")
    name_en: str
    name_ar: str
    aliases: list[str]
    gender: str
    roles: list[str]
    affiliation: str
    visibility: str = Field(description="Always `public` here.")
    bio_en: str
    bio_ar: str
    status: str
    since: str | None
    days: int | None


class PersonRecords(Strict):
    persons: list[PersonRecord]


class EventRecord(Strict):
    id: str
    persons: list[str] = Field(description="Spreadsheet ids of the public persons involved.")
    type: str
    date: str
    precision: str
    end_date: str | None
    place: str
    responsible: str
    sources: list[str]
    note: str


class EventRecords(Strict):
    events: list[EventRecord]


class OrganisationRecord(OrganisationNames):
    statements_signed: int


class OrganisationRecords(Strict):
    organisations: list[OrganisationRecord]


class StatementRecord(Strict):
    statement: int
    frozen_at: str | None
    posts: list[StatementPost]
    signatories: list[Signatory]
    unnamed_signatories: int


DOWNLOADS = {
    "/open-data/persons.json": ("Public persons, their derived status, since when and for how many days",
                                PersonRecords),
    "/open-data/events.json": ("Events that involve a public person, naming only public persons", EventRecords),
    "/open-data/organisations.json": ("Public organisations and how many statements each signed",
                                      OrganisationRecords),
    "/open-data/statements/{post_id}.json": ("One joint statement, by the id of a post that publishes it",
                                             StatementRecord),
}
CSV_DOWNLOADS = {
    "/open-data/persons.csv": "Public persons in the case spreadsheets' columns (UTF-8 with a byte order mark)",
    "/open-data/events.csv": "Events that involve a public person, in the case spreadsheets' columns",
}
TOKEN_HEADER = {"X-Changes-Token": {"description": "The changes feed's token this download reflects.",
                                    "schema": {"type": "string"}}}


def describe(document):
    """Add the downloads to ``document`` (the API's OpenAPI document, a dict), in place."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for path, (summary, model) in DOWNLOADS.items():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
        operation = {"summary": summary, "tags": ["open-data downloads"], "operationId": f"download_{model.__name__}",
                     "responses": {"200": {"description": summary, "headers": TOKEN_HEADER,
                                           "content": {"application/json": {"schema": {
                                               "$ref": f"#/components/schemas/{model.__name__}"}}}},
                                   "404": {"description": "No such statement readers may see."}}}
        if "{post_id}" in path:
            operation["parameters"] = [{"name": "post_id", "in": "path", "required": True,
                                        "description": "A post that publishes the statement.",
                                        "schema": {"type": "integer"}}]
        else:
            del operation["responses"]["404"]
        document["paths"][path] = {"get": operation}
    for path, summary in CSV_DOWNLOADS.items():
        document["paths"][path] = {"get": {
            "summary": summary, "tags": ["open-data downloads"], "operationId": "download_" + path.split("/")[-1]
            .replace(".", "_"),
            "responses": {"200": {"description": summary, "headers": TOKEN_HEADER,
                                  "content": {"text/csv": {"schema": {"type": "string"}}}}}}}
    return document
