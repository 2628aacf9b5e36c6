"""The page a locked-out sign-in gets (django-axes calls it: settings.AXES_LOCKOUT_CALLABLE).

Styled like the admin's sign-in, in the request's language, saying how long the lock lasts.
"""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil

LOCKED_OUT = 429


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    now = timezone.now()
    wait = timeuntil(now + cool_off, now) if cool_off else None
    return render(request, "accounts/locked_out.html", {"wait": wait}, status=LOCKED_OUT)
