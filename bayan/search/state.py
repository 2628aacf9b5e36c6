"""Whether the search index was written by this code's analysis, and bringing it up to date.

Every search document records the version of the analysis that wrote it
(``SearchDocument.analysis``, from ``analysis.ANALYSIS_VERSION``). After an upgrade that
changes the analysis, documents written before hold terms that queries no longer meet:
the index is stale until it is rebuilt, and searches miss posts meanwhile.

- ``rebuild`` rebuilds it (``bayan search-rebuild`` runs it).
- When ``bayan migrate`` ends, a stale index of up to AUTOMATIC_REBUILD_LIMIT documents
  is rebuilt there and then; a larger one is reported with the command to run, since
  rebuilding takes a while (5 to 8 ms a post: docs/benchmarks.md, docs/search.md).
- ``bayan check --database default`` warns while the index is stale.
"""

import sys

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from django.db.models import Q

from .analysis import ANALYSIS_VERSION
from .models import SearchDocument, SearchEquivalent, SearchPostings
from .thesaurus import stems_of

AUTOMATIC_REBUILD_LIMIT = 20_000


def stale_documents(using=DEFAULT_DB_ALIAS):
    """The documents written by another analysis than this code's, or before versions were recorded."""
    version = ANALYSIS_VERSION
    return SearchDocument.objects.using(using).filter(
        Q(analysis__isnull=True) | Q(analysis__lt=version) | Q(analysis__gt=version))


def rebuild(progress=None):
    """Rebuild the index with this code's analysis; returns the number of posts indexed.

    The editors' equivalent words keep their stems too (``SearchEquivalent.stems``),
    which the analysis wrote: they are brought up to date first.
    """
    from .indexing import rebuild as rebuild_documents

    for group in SearchEquivalent.objects.all():
        stems = stems_of(group.word_list())
        if stems != group.stems:
            group.save(update_fields=["stems"])
    return rebuild_documents(progress)


def after_migrate(using=DEFAULT_DB_ALIAS, apps=None, verbosity=1, stdout=None, **kwargs):
    """When ``migrate`` ends: rebuild a stale index if it is small, or say how to."""
    try:
        fields = {field.name for field in apps.get_model("bayan_search", "SearchDocument")._meta.get_fields()}
    except (AttributeError, LookupError):
        return
    if "analysis" not in fields or using != DEFAULT_DB_ALIAS:
        return  # migrated back to before versions were recorded, or another database than the site's
    stale = stale_documents(using).count()
    out = stdout or sys.stdout
    if not stale:
        if _has_model(apps, "SearchPostings"):
            _keep_common_terms_once(verbosity, out)
        return
    if stale > AUTOMATIC_REBUILD_LIMIT:
        out.write(f"The search index has {stale:,} documents written by an earlier analysis: searches miss posts "
                  "until `bayan search-rebuild` rebuilds it.\n")
        return
    if verbosity:
        out.write(f"Rebuilding the search index for analysis {ANALYSIS_VERSION} "
                  f"({stale:,} documents were written by an earlier one)...\n")
    count = rebuild()
    if verbosity:
        out.write(f"  indexed {count:,} posts.\n")


def _has_model(apps, name):
    try:
        apps.get_model("bayan_search", name)
    except LookupError:
        return False
    return True


def _keep_common_terms_once(verbosity, out):
    """An index that has common terms but no kept sets of them yet (``postings``; written before they existed)
    gets them: at once if small, else the operator is told how."""
    from .indexing import keep_common_terms

    documents = SearchDocument.objects.count()
    if documents < settings.BAYAN_SEARCH_POSTINGS_FROM or SearchPostings.objects.exists():
        return
    if documents > AUTOMATIC_REBUILD_LIMIT:
        out.write(f"The search keeps no sets of its common terms yet ({documents:,} documents): a word's first search "
                  "reads them from the index until `bayan search-postings --build` writes them.\n")
        return
    count = keep_common_terms()
    if verbosity:
        out.write(f"Kept the sets of {count:,} common search terms.\n")


@checks.register(checks.Tags.database)
def check_analysis(app_configs=None, databases=None, **kwargs):
    """A warning while the site's index holds documents of another analysis than this code's."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    try:
        stale = stale_documents().count()
    except DatabaseError:
        return []  # not migrated yet: migrate brings it up to date when it ends
    if not stale:
        return []
    return [checks.Warning(
        f"The search index has {stale:,} documents written by an earlier analysis than this code's "
        f"(version {ANALYSIS_VERSION}); searches miss posts until it is rebuilt.",
        hint="Run `bayan search-rebuild`.",
        id="bayan_search.W001",
    )]
