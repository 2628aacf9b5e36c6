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
