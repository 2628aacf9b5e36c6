"""The Wagtail site a request is for, held per content generation.

Wagtail finds a request's site (``Site.find_for_request``) before it routes a page or looks
for a redirect: a statement built through the ORM with three conditions, most of the time of a
"not found" answer for a made-up address, and a flood of those is all such answers. Sites are
few and change rarely, and a site's change starts a new content generation, so the site of
each host name and port is found as Wagtail finds it, once per generation, and left on the
request where Wagtail looks first.
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .held import HeldPerGeneration


def _site_for(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


# Host names reach here only when ALLOWED_HOSTS lets them through; a site that allows any host
# would let anyone add keys, hence the bound.
_held_sites = HeldPerGeneration(_site_for, capacity=64)


def request_site(request):
    """The Wagtail site ``request`` is for (or None), as ``Site.find_for_request`` finds it, left where that
    looks first (``request._wagtail_site``)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = _held_sites.get(request, hostname, request.get_port())
    return request._wagtail_site
