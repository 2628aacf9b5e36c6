"""What every response tells the browser it may do (see docs/security.md).

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY):
strict everywhere, with no inline script or style. Wagtail's admin is built with inline
styles and scripts, so admin responses get those two allowances, and nothing else.
"""

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "browsing-topics",
    )
)
ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}


class BrowserPolicyMiddleware:
    """Adds Permissions-Policy to every response and widens the CSP for the admin only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_update = ADMIN_ALLOWANCES
        return response
