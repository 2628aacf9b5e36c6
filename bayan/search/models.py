"""What search keeps: one analysed document per listed post, and editors' equivalent spellings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from .analysis import is_stop_word, words
from .thesaurus import stems_of

# Names of the full-text structures each database keeps beside SearchDocument's table
# (created by migrations 0002, 0004 and 0005): FTS5 tables on SQLite, generated tsvector columns on PostgreSQL.
FTS5_TABLE = "bayan_search_fts"
TITLE_FTS5_TABLE = "bayan_search_title_fts"
TSVECTOR_COLUMN = "terms"


class SearchDocument(models.Model):
    """A post as search sees it: its analysed terms, and the fields that results are narrowed by.

    Only posts a reader may see are here (live, public); a post dated in the future
    is here too and left out of results until its date. The terms are those of
    ``analysis``: title and body stems, the words' other forms (found as exactly as
    their stems) and close terms (root families and sound keys). ``analysis`` is the
    version of the analysis that wrote them (null: written before versions were
    recorded); documents of another version than the code's make the index stale.
    """

    page = models.OneToOneField("newsroom.PostPage", primary_key=True, on_delete=models.CASCADE,
                                related_name="search_document")
    language = models.CharField(max_length=12)
    date = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    category = models.ForeignKey("newsroom.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    title_terms = models.TextField(default="")
    body_terms = models.TextField(default="")
    form_terms = models.TextField(default="")
    close_terms = models.TextField(default="")
    analysis = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["language", "date"]), models.Index(fields=["year"]),
                   models.Index(fields=["analysis"], name="bayan_search_analysis")]

    def __str__(self):
        return f"search document of post {self.page_id} ({self.language})"


class SearchChange(models.Model):
    """A search document written or removed, logged by database triggers in the same transaction.

    Processes keep sets of documents in memory (see ``matchsets``) and bring them up to
    date from the changes logged since they read them. Each row's random token tells a
    process whether the row it last saw is still the one it saw (a rolled-back
    transaction can hand the same id out again). ``page_id`` 0 stands for every document
    (the table was emptied at once). Old rows are pruned as new ones come.
    """

    page_id = models.BigIntegerField()
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"change {self.pk} to the search document of post {self.page_id}"


class SearchPostings(models.Model):
    """The documents that hold one common term (in their titles, for ``in_titles``), as a bit set (``bits``:
    bit n for the document of page n, little-endian bytes), as the index answered after the logged change
    ``change_id`` (with its token). Written and read by ``postings``, which patches a row with the changes
    logged after it."""

    term = models.CharField(max_length=200)
    in_titles = models.BooleanField(default=False)
    change_id = models.BigIntegerField()
    change_token = models.CharField(max_length=32)
    bits = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["in_titles", "term"], name="bayan_search_postings_term")]

    def __str__(self):
        where = "titles" if self.in_titles else "documents"
        return f"{where} holding the term {self.term!r} as of change {self.change_id}"


@register_snippet
class SearchEquivalent(models.Model):
    """Words that search treats as one: spellings of a name, or forms its stemmer cannot join.

    Searching for any word of the group also finds the others, e.g. Zaitouneh,
    Zeitouneh, Zaytouna and زيتونة, or detain and detention.
    """

    label = models.CharField(_("label"), max_length=200, help_text=_("What the group is, e.g. the person's name."))
    words = models.TextField(_("words"), help_text=_("One word per line, in any script."))
    # The analysed stems of ``words``, space-padded, so a query finds its groups with one lookup.
    stems = models.TextField(editable=False, default="")

    panels = [FieldPanel("label"), FieldPanel("words")]

    class Meta:
        verbose_name = _("search equivalent")
        verbose_name_plural = _("search equivalents")
        ordering = ["label"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.stems = stems_of(self.word_list())
        super().save(*args, **kwargs)

    def word_list(self):
        return [line.strip() for line in self.words.splitlines() if line.strip()]

    def clean(self):
        entries = self.word_list()
        if len(entries) < 2:
            raise ValidationError({"words": _("Give at least two words, one per line.")})
        for line_number, entry in enumerate(entries, start=1):
            found = words(entry)
            if len(found) != 1 or is_stop_word(found[0]):
                raise ValidationError(
                    {"words": _("Line %(line)s (“%(entry)s”) must be exactly one word.") % {
                        "line": line_number, "entry": entry}}
                )
