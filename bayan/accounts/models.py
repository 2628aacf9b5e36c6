"""What the accounts app stores of its own: nothing but a permission.

Second factors themselves are django-otp's devices (an authenticator app's TOTP
key, and one-time recovery codes).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TwoFactorRule(models.Model):
    """Carries the permission "must sign in with a second factor", which groups are given or not.

    It has no table: the permission is what matters, ticked per group under
    Settings > Groups > Other permissions.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("require_two_factor", _("Must sign in with a second factor"))]

    def __str__(self):
        return str(self._meta.verbose_name)


class RateCount(models.Model):
    """How many times one key (a client address, a link) did one thing within one time window.

    Kept in the database so that every server process counts together; see ``limits.py``.
    """

    key = models.CharField(max_length=200)
    # When the window ends, in seconds since the epoch: windows of any length are told apart by it.
    window_end = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_end"], name="one_count_per_key_and_window")]
        indexes = [models.Index(fields=["window_end"])]

    def __str__(self):
        return f"{self.key} until {self.window_end}: {self.count}"
