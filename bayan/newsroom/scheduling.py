"""Which server process runs the site's scheduled jobs and its background worker: one, chosen in the database.

Several `bayan serve` process groups may run on one database (docs/operations.md); each
minute every one of them asks for the lease, and only its holder runs the jobs (scheduled
publishing, the sign-on's housekeeping, the mirror's watch) and the worker that takes queued
syncs. The holder renews it each minute; if it stops without giving it back (killed, its
machine gone), another takes it over once it runs out. A row updated only where its lease
has run out, not a session's lock: it works the same on SQLite, on PostgreSQL, and through a
pooler in transaction mode, which hands a session's locks to whoever comes next.
"""

from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

# Longer than two rounds of the scheduler (a minute each), so that a busy holder never loses it.
LEASE_SECONDS = 180


class SchedulerLease(models.Model):
    """The single row (id 1): who holds the scheduler's lease, and until when."""

    holder = models.CharField(max_length=200, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "newsroom"

    def __str__(self):
        return f"scheduler lease held by {self.holder or 'nobody'} until {self.until}"


def hold_scheduler_lease(holder, now=None):
    """Take the lease for ``holder``, or renew it; True if ``holder`` now holds it, False if another does."""
    now = now or timezone.now()
    if not SchedulerLease.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                SchedulerLease.objects.create(pk=1)
        except IntegrityError:
            pass  # another process made it first
    free = Q(holder=holder) | Q(until__isnull=True) | Q(until__lt=now)
    until = now + timedelta(seconds=LEASE_SECONDS)
    return SchedulerLease.objects.filter(free, pk=1).update(holder=holder, until=until) == 1


def release_scheduler_lease(holder):
    """Give the lease back at once (a server stopping), so that another may take it without waiting."""
    SchedulerLease.objects.filter(pk=1, holder=holder).update(until=None)
