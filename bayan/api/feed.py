"""The changes feed and the snapshot a partner starts from."""

from django.conf import settings
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from bayan.pagecache import changelog

from . import changes, schemas
from .errors import ApiError
from .parameters import declared_only
from .public import KINDS, public

router = Router(tags=["changes"])

RESOURCES = ("posts", "tags", "categories", "authors", "persons", "events", "organisations", "statements", "search",
             "anniversaries", "changes", "snapshot")


class ChangesQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    since: str | None = Field(None, description="A `token` from an earlier answer or a snapshot; none: from the "
                                                "beginning.")
    limit: int = Field(changes.MOST_ENTRIES, ge=1, le=changes.MOST_ENTRIES,
                       description=f"Change log entries to read, at most {changes.MOST_ENTRIES}.")


@router.get("/changes/", response={**schemas.answers(schemas.Changes), 410: schemas.Error},
            summary="What changed since a token: upserted or deleted",
            description="Resumes from a token of an earlier answer or of a snapshot. The site keeps its "
                        "change log for BAYAN_CHANGE_LOG_DAYS (90 by default): a token older than that, or "
                        "none once the first entries are gone, is answered 410; start again from snapshot/.")
@declared_only
def changes_since(request, query: Query[ChangesQuery]):
    after = 0
    if query.since is not None:
        try:
            after = changelog.change_id_of(query.since)
        except changelog.BadToken as error:
            raise ApiError(400, str(error), "since") from None
    found, last, more = changes.read(after, query.limit)
    # Asked after reading: a pruning that ran meanwhile shows here, so no answer hides a gap. From the
    # beginning too: the log's first entries may be gone, and the snapshot holds what they told.
    if changelog.is_pruned(after):
        raise ApiError(410, f"is older than the changes this site keeps ({settings.BAYAN_CHANGE_LOG_DAYS} days): "
                            "read snapshot/ again and follow the feed from its token", "since")
    return {"changes": [change.as_dict() for change in found], "token": changelog.token_for(last), "more": more}


@router.get("/snapshot/", response=schemas.answers(schemas.Snapshot),
            summary="The ids of every public resource, and the feed's token they reflect")
@declared_only
def snapshot(request):
    # The token is read first: a change made while the ids are read is reported again by the feed.
    token = changelog.current_token()
    return {"token": token, "ids": {kind: list(public(kind).order_by("pk").values_list("pk", flat=True))
                                    for kind in KINDS}}


@router.get("/", response=schemas.answers(schemas.Index),
            summary="Where everything is: the contract, the docs, each resource")
@declared_only
def index(request):
    base = request.build_absolute_uri("/api/v1/")
    return {"openapi": base + "openapi.json", "docs": base + "docs/",
            "resources": {name: f"{base}{name}/" for name in RESOURCES}}
