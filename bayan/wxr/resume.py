"""How far an import got, so that running it again after any stop completes it.

Each batch commits on its own, and what a batch sets off outside its transaction
(the search documents a second process builds, the archives' numbering, done once at
the end) is finished on the way out of an orderly stop: Ctrl-C, SIGTERM, an error.
A process killed outright (SIGKILL, the machine losing power) finishes nothing, so a
run leaves a mark per site while it works: "running" from its start, "stopped" when
it stops in order, "finished" at its end. A run that finds "running" or "stopped"
continues that run: it keeps its claim on old addresses (see ``Redirects``), so the
result equals one uninterrupted import. After a kill ("running") it also repairs:
the unchanged posts the killed run wrote are announced again (search and the
archives write what they missed) and the archive entries it left unnumbered are
numbered.
"""

from datetime import datetime

from django.utils import timezone

from .models import ImportedItem

KIND = "run"
WP_ID = "last"


class RunState:
    """The mark of the current run for each site it imports; ``repairing`` when it completes a killed run."""

    def __init__(self, sources=(), redirects_before=0, repairing=False, since=None):
        self.sources = list(sources)
        self.redirects_before = redirects_before
        self.repairing = repairing
        # When the run (or the unfinished run it continues) began.
        self.since = since
        self.continuing = False

    @classmethod
    def none(cls):
        """No mark at all: a dry run writes nothing, this included."""
        return cls()

    @classmethod
    def unfinished_earlier(cls, sources):
        """Whether an import of one of these sites stopped before it could finish (for a dry run's report)."""
        return ImportedItem.objects.filter(source__in=sources, kind=KIND, wp_id=WP_ID,
                                           data__state__in=["running", "stopped"]).exists()

    @classmethod
    def begin(cls, sources, last_redirect):
        """Mark the run as running (committed at once); a run that did not finish is continued, not restarted.

        Continuing keeps the earlier run's start and its claim on old addresses; after a kill
        (the mark still says "running") it also repairs what the kill left undone.
        """
        marks = ImportedItem.objects.filter(source__in=sources, kind=KIND, wp_id=WP_ID)
        unfinished = [mark.data for mark in marks if mark.data.get("state") in ("running", "stopped")]
        if unfinished:
            started = min((datetime.fromisoformat(data["started_at"]) for data in unfinished if data.get("started_at")),
                          default=timezone.now())
            before = min(data.get("redirects_before", 0) for data in unfinished)
        else:
            started, before = timezone.now(), last_redirect()
        state = cls(sources, before, any(data["state"] == "running" for data in unfinished), started)
        state.continuing = bool(unfinished)
        state._mark("running")
        return state

    def wrote_before(self, record):
        """Whether an unchanged item's record was written by the killed run this one completes."""
        return (self.repairing and record.kind == "post" and record.target_id is not None
                and record.imported_at is not None and record.imported_at >= self.since)

    def _mark(self, state):
        # What a later run needs to continue this one: when it began, and the redirects before it.
        data = {"state": state, "started_at": self.since.isoformat() if self.since else None,
                "redirects_before": self.redirects_before, "at": timezone.now().isoformat()}
        for source in self.sources:
            ImportedItem.objects.update_or_create(source=source, kind=KIND, wp_id=WP_ID, defaults={"data": data})

    def stopped(self):
        """The run stopped in order: its committed batches were indexed and numbered on the way out."""
        self._mark("stopped")

    def finished(self):
        """The run did everything: the next one starts afresh."""
        self._mark("finished")
