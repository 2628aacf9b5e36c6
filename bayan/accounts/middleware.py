"""The admin asks for the second factor before anything else once a password has been accepted."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

# Addresses a signed-in user needs before the second factor: signing out, the second factor itself, and
# what its page loads (translations, the icon sprite).
OPEN_PATHS = ("/admin/logout/", "/admin/two-factor/", "/admin/jsi18n/", "/admin/sprite/")


class TwoFactorMiddleware:
    """Send an admin user who has not given a second factor in this session where they can.

    - With an authenticator set up: to the code page, whatever their group.
    - Without one, in a group that requires it: to setting it up.
    Reader pages are never affected. Placed after django-otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: touching request.user reads the session, which would make every
        # reader page vary by cookie and so uncacheable.
        if not request.path.startswith("/admin/") or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            if two_factor.has_two_factor(user):
                return redirect(f"{reverse('bayan_two_factor_verify')}?{query}")
            if two_factor.requires_two_factor(user):
                return redirect(f"{reverse('bayan_two_factor_setup')}?{query}")
        return self.get_response(request)
