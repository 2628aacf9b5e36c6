"""Where each post stands in each archive, kept on write so that reading any page of any archive is a lookup.

An archive (a language's home listing, a tag's, a category's, an author's) is a
``Listing``; each post a reader can see has a ``ListingEntry`` in every listing
it appears in, numbered by ``position`` from the oldest (1) to the newest. Page
*n* of an archive is then the entries between two positions, found through an
index, as fast on page 5,000 as on page 3: no ``OFFSET`` walks the rows before it.
The numbering is maintained by ``bayan.archives.entries``.
"""

from django.db import models


class Listing(models.Model):
    """One archive's identity: its language, its kind and what it is about (0 for a language's home)."""

    HOME, TAG, CATEGORY, AUTHOR = "home", "tag", "category", "author"

    language = models.CharField(max_length=15)
    kind = models.CharField(max_length=10)
    subject_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "kind", "subject_id"], name="one_listing_per_archive"),
        ]

    def __str__(self):
        return f"{self.language} {self.kind} {self.subject_id}"


class ListingEntry(models.Model):
    """A listed post's place in one listing.

    ``date`` repeats the post's date so that "visible now" and year or month
    ranges are index ranges. ``position`` is empty between the moment an entry
    is written and the moment its listing is renumbered (the same transaction,
    except during a long import, which renumbers once at its end).
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="entries", db_index=False)
    post = models.ForeignKey("newsroom.PostPage", on_delete=models.CASCADE, related_name="listing_entries",
                             db_index=False)
    date = models.DateTimeField()
    position = models.IntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "listing"], name="one_entry_per_post_and_listing")]
        indexes = [
            models.Index(fields=["listing", "position"], name="listing_entry_by_position"),
            models.Index(fields=["listing", "date", "position"], name="listing_entry_by_date"),
        ]

    def __str__(self):
        return f"post {self.post_id} at {self.position} in listing {self.listing_id}"
