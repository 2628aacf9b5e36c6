"""What every response tells the browser it may do (see docs/security.md).

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY):
strict everywhere, with no inline script or style. Wagtail's admin is built with inline
styles and scripts, so admin responses get those two allowances, and nothing else.
A preview of a page (Wagtail marks its request ``is_preview``) is shown in a frame of the
admin's side panel, so it may be framed by this site, and only this site.
"""

from functools import cached_property

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "browsing-topics",
    )
)
ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}
PREVIEW_FRAMING = {"frame-ancestors": ["'self'"]}


class BrowserPolicyMiddleware:
    """Adds Permissions-Policy to every response, widens the CSP for the admin only, lets previews be framed here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_update = ADMIN_ALLOWANCES
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain once more, with the
            # page's own address: the admin's response then keeps the headers set here.
            response._csp_replace = PREVIEW_FRAMING
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


# What a view or middleware may set on a response to change its policy (django-csp's decorators do).
POLICY_OVERRIDES = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of responses that change nothing in it built once.

    django-csp builds the header from the settings on every response, which is a tenth of
    a cached page's cost. A response with overrides (the admin's allowances) or a nonce
    goes through django-csp as it is; every other one gets the same policy, built the
    first time it is needed. The settings are read once per process.
    """

    def process_response(self, request, response):
        if settings.DEBUG or getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in POLICY_OVERRIDES
        ):
            return super().process_response(request, response)
        for header, policy, excluded in self._plain_policies:
            if policy and header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @cached_property
    def _plain_policies(self):
        """(header, policy, excluded address prefixes) for the policy and the report-only one."""
        return [
            (header, build_policy(report_only=report_only),
             tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()))
            for header, report_only, setting in (
                (HEADER, False, "CONTENT_SECURITY_POLICY"),
                (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            )
        ]
