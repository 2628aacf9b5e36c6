"""Partner keys: issued to partners in the admin, sent as ``Authorization: Bearer <key>`` for a higher rate limit.

Only a digest of each key is stored; the key itself is shown once, when it is issued. A
revoked key is refused at once (401), on every server, since keys are read from the database.
"""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "bayan_"


def digest_of(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class PartnerKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class PartnerKey(models.Model):
    name = models.CharField(_("partner"), max_length=200, help_text=_("Who the key is for, e.g. the research "
                                                                      "group's name."))
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("How to reach the partner about the key (an e-mail address)."))
    # The key's first characters, shown in lists so a partner can tell which key is meant.
    prefix = models.CharField(_("key begins with"), max_length=20, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API partner key")
        verbose_name_plural = _("API partner keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name, contact=""):
        """A new key for ``name``: ``(the stored row, the key)``; the key is not kept and cannot be shown again."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(name=name, contact=contact, prefix=key[:len(KEY_PREFIX) + 6], digest=digest_of(key))
        return row, key

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


def partner_for(key):
    """The usable partner key ``key`` is, or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    return PartnerKey.objects.usable().filter(digest=digest_of(key)).first()


class AnnouncedResource(models.Model):
    """A resource readers could see at some moment since the change log began (``announced.py``).

    Only these are ever reported ``deleted`` by the changes feed: a row that was never public (an
    internal person, a draft's new tag) leaves no trace in it, not even its id.
    """

    kind = models.CharField(max_length=20)
    resource_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "resource_id"], name="api_announced_once")]

    def __str__(self):
        return f"{self.kind} {self.resource_id}"


class AnnouncedUpTo(models.Model):
    """The last entry of the change log whose resources have been announced (a single row)."""

    entry_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"announced up to entry {self.entry_id}"
