"""The content generation: one row whose token changes whenever anything a reader sees changes."""

import uuid

from django.db import models
from django.utils import timezone


class ContentGeneration(models.Model):
    """The single row (id 1) naming the current state of the published site.

    Cached pages are stored under the token; a new token makes every stored page
    unreachable at once, so no page can outlive the content it was made from.
    ``changed_at`` is every page's Last-Modified. ``due_at`` is the next moment
    the generation must change even though nobody edited anything: a live post
    dated in the future comes into view, or the day changes in the site's time zone.
    """

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"generation {self.token.hex} since {self.changed_at:%Y-%m-%d %H:%M:%S}"


class ContentChange(models.Model):
    """One entry of the change log: a row readers may see was written or removed.

    The one record of what changed, in commit order by ``id``, written in the same transaction
    as the change itself (``invalidation``): the static mirror brings itself up to date from
    the entries after the last one it applied, and the open data API's changes feed reads the
    same entries. ``post_id`` names the post a row belongs to when it has one (the post itself,
    its tags, its persons), so that followers can tell a post's change from a site-wide one.
    ``model`` ``*`` stands for rows rewritten in bulk with no detail (a restore, an import of
    spreadsheets): followers treat it as "anything may have changed". ``resources`` names the
    open data API's resources the row belongs to besides its post (``[["tag", 4], ...]``), found
    when the change is written, while a removed row can still say what it belonged to (see
    ``invalidation.register_resources``).
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    resources = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["post_id"])]

    def __str__(self):
        action = "removed" if self.deleted else "written"
        return f"change {self.pk}: {self.model} {self.object_id} {action}"


class ChangeLogStart(models.Model):
    """Where the change log now starts (one row, id 1): every entry up to ``pruned_up_to`` was removed.

    ``changelog.prune`` removes entries older than BAYAN_CHANGE_LOG_DAYS. A follower whose
    position is older than this cannot learn from the log what changed since: the open data
    API answers its token with 410 and a mirror renders itself whole.
    """

    pruned_up_to = models.BigIntegerField(default=0)

    def __str__(self):
        return f"the change log starts after entry {self.pruned_up_to}"
