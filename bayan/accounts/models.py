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
