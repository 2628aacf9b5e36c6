"""What the WordPress import remembers: where everything came from, and what WordPress had that the
newsroom does not show."""

from django.db import models


class ImportedItem(models.Model):
    """One thing read from a WordPress export, keyed by its site and WordPress id.

    ``target_id`` is the primary key of what it became (a page, a tag, a category,
    an author), ``checksum`` the digest of its source, so that a second import of
    the same export changes nothing and a newer export updates only what changed.
    ``data`` keeps everything else the export said (meta, sticky, menu order,
    category parents, attachment details) so that nothing is lost.
    """

    source = models.CharField(max_length=500)
    kind = models.CharField(max_length=30)
    wp_id = models.CharField(max_length=200)
    target_id = models.BigIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind", "wp_id"], name="one_record_per_wordpress_id")]

    def __str__(self):
        return f"{self.kind} {self.wp_id} from {self.source}"


class ImportedComment(models.Model):
    """A reader's comment from WordPress: kept, never shown unless an editor decides to."""

    source = models.CharField(max_length=500)
    wp_id = models.CharField(max_length=50)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="imported_comments")
    parent_wp_id = models.CharField(max_length=50, blank=True)
    author = models.CharField(max_length=255, blank=True)
    author_email = models.CharField(max_length=255, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    content = models.TextField(blank=True)
    approved = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "wp_id"], name="one_comment_per_wordpress_id")]

    def __str__(self):
        return f"comment {self.wp_id} from {self.source}"


