"""Two-factor sign-in: an authenticator app (TOTP) and one-time recovery codes, on django-otp.

An account has at most one authenticator and one set of recovery codes. Whether a
second factor is required is decided per group, by the permission
``accounts.require_two_factor`` (given to editors, case officers and administrators
by migration); anyone else may turn it on for themselves.
"""

import io

import segno
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def requires_two_factor(user):
    """True if one of the user's groups must sign in with a second factor (or a superuser must, by setting)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser and settings.BAYAN_SUPERUSERS_NEED_TWO_FACTOR:
        return True
    return Permission.objects.filter(
        group__user=user, codename="require_two_factor", content_type__app_label="accounts"
    ).exists()


def authenticator(user):
    """The user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user):
    return user.is_authenticated and authenticator(user) is not None


def start_enrolment(user):
    """A fresh, unconfirmed authenticator key for the user (any earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def pending_enrolment(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_code_svg(device):
    """The key as a QR code an authenticator app can scan, as inline SVG (nothing is fetched from elsewhere)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False,
                                                   svgns=True, title="QR code")
    return buffer.getvalue().decode()


def secret_for_typing(device):
    """The key in base32, in groups of four, for apps where it is typed rather than scanned."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


def _clean(code):
    return "".join((code or "").split()).lower()


@transaction.atomic
def confirm_enrolment(device, code):
    """Confirm a pending authenticator with a code from the app; returns new recovery codes, or None."""
    if not device.verify_token(_clean(code)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones and return them (they are shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


def verify(user, code):
    """The device that accepts ``code`` (six digits from the app, or an unused recovery code), or None.

    A recovery code works once. Both kinds slow down after failures (django-otp's throttling).
    """
    code = _clean(code)
    if not code:
        return None
    if code.isdigit():
        device = authenticator(user)
    else:
        device = StaticDevice.objects.filter(user=user, name=RECOVERY, confirmed=True).first()
    if device is not None and device.verify_token(code):
        return device
    return None


@transaction.atomic
def turn_off(user):
    """Remove the user's authenticator and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
