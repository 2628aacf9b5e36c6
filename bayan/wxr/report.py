"""What an import tells its operator: counts, skipped items, languages, problems, and how far it got."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Report:
    """Counts per kind and outcome, every skipped item with its reason, every unknown shortcode.

    ``languages`` says, for each language the export marks on its posts and pages, how
    many items carry it and what it becomes here (None: skipped); ``unmarked`` the same
    for items without a mark. ``incomplete`` is set when the import stopped on an error
    after committing some of its work (see ``ImportIncomplete``).
    """

    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    skipped: list = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    languages: dict = field(default_factory=dict)
    unmarked: dict = field(default_factory=dict)
    unlinked_translations: list = field(default_factory=list)
    incomplete: dict | None = None
    # True when this run completed an earlier one that was killed before it could finish.
    resumed: bool = False
    dry_run: bool = False

    def count(self, kind, outcome):
        """One more item of ``kind`` (post, tag, image...) with ``outcome`` (created, unchanged...)."""
        self.counts[kind][outcome] += 1

    def skip(self, where, kind, wp_id, reason):
        """Name an item that is not imported, with where it is in the files and why."""
        self.counts[kind]["skipped"] += 1
        self.skipped.append({"where": where, "kind": kind, "wp_id": wp_id, "reason": reason})

    def written(self):
        """How many posts and pages this run created or updated (in batches that committed, unless a dry run)."""
        return sum(self.counts[kind][outcome] for kind in ("post", "page") if kind in self.counts
                   for outcome in ("created", "updated"))

    def as_dict(self):
        """The report as the JSON ``--report`` writes (docs/wxr-import.md lists its keys)."""
        found = {
            "dry_run": self.dry_run,
            "resumed": self.resumed,
            "counts": {kind: dict(outcomes) for kind, outcomes in sorted(self.counts.items())},
            "languages": self.languages,
            "unmarked": self.unmarked,
            "skipped": self.skipped,
            "unknown_shortcodes": dict(self.unknown_shortcodes.most_common()),
            "unlinked_translations": self.unlinked_translations,
            "problems": self.problems,
        }
        if self.incomplete:
            found["incomplete"] = self.incomplete
        return found


class ImportIncomplete(Exception):
    """An import stopped by an unexpected error; ``report.incomplete`` says what was kept and what to do.

    Batches committed before the error stay; importing the same files again completes the import.
    """

    def __init__(self, report):
        self.report = report
        super().__init__(report.incomplete["message"])

    @classmethod
    def after(cls, importer, error):
        """The ImportIncomplete for an unexpected error met by ``importer``: which step failed, and what stays."""
        report = importer.report
        cause = f"{type(error).__name__}: {error}"
        kept = 0 if report.dry_run else importer.batches_committed
        written = 0 if report.dry_run else importer.written_committed
        if report.dry_run:
            message = f"the dry run stopped while {importer.step}: {cause}. Nothing was written."
        else:
            message = (f"the import stopped while {importer.step}: {cause}. The {kept} batches committed before "
                       f"it stay ({written} posts and pages created or updated); importing the same files again "
                       "completes the import.")
        report.incomplete = {"step": importer.step, "error": cause, "batches_committed": kept,
                             "posts_and_pages_committed": written, "message": message}
        return cls(report)
