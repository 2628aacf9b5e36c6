from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from bayan.archives import sitemaps as archive_sitemaps
from bayan.archives import views as archives_views
from bayan.cases import opendata_views
from bayan.cases.sitemaps import sitemaps as person_sitemaps
from bayan.newsroom import views as newsroom_views
from bayan.newsroom.text import SLUG_CHARACTERS
from bayan.statements import opendata_views as statement_open_data
from bayan.statements.sitemaps import sitemaps as organisation_sitemaps

SITEMAPS = {**archive_sitemaps.sitemaps(), **person_sitemaps(), **organisation_sitemaps()}

site_wide = [
    path("", include("bayan.api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("bayan.identity.urls")),
    path("robots.txt", newsroom_views.robots_txt, name="robots-txt"),
    # The public case records as open data, in no language: the same files for every reader.
    path("open-data/persons.csv", opendata_views.persons_csv, name="cases-open-data-persons-csv"),
    path("open-data/events.csv", opendata_views.events_csv, name="cases-open-data-events-csv"),
    path("open-data/persons.json", opendata_views.persons_json_view, name="cases-open-data-persons-json"),
    path("open-data/events.json", opendata_views.events_json_view, name="cases-open-data-events-json"),
    # Joint statements' signers as open data: every public organisation, and each statement's signatories.
    path("open-data/organisations.json", statement_open_data.organisations_json_view,
         name="statements-open-data-organisations"),
    path("open-data/statements/<int:post_id>.json", statement_open_data.statement_json_view,
         name="statements-open-data-statement"),
    path("sitemap.xml", archive_sitemaps.index_view, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    # A section's later pages first: "<section>" alone would take "posts-en-page-2" for a section's name.
    path("sitemap-<section>-page-<int:page>.xml", archive_sitemaps.later_section_page_view, {"sitemaps": SITEMAPS},
         name="sitemap-section-page"),
    path("sitemap-<section>.xml", archive_sitemaps.section_view, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

if settings.SERVE_MEDIA:
    site_wide.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

# Reader pages first: most requests are for them, and Django tries each pattern in turn until one matches
# (an archive page went through some fifty). Neither list can take the other's addresses: every reader
# page has a language prefix, no site-wide address has one. Within a language, the archives' addresses
# all begin with a fixed word or a year, so they come before the other apps' and the post's bare slug.
urlpatterns = i18n_patterns(
    path("", include("bayan.archives.urls")),
    path("", include("bayan.search.urls")),
    path("", include("bayan.cases.urls")),
    path("", include("bayan.statements.urls")),
    path("", include("bayan.statements.signon_urls")),
    re_path(rf"^(?P<slug>{SLUG_CHARACTERS}+)/$", archives_views.listed_post, name="listed-post"),
    # Wagtail's own: unlocking a password-protected page, signing in to see one.
    path("", include([pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"])),
    # Wagtail's page serving, widened to slugs that keep Arabic diacritics (as WordPress's do).
    re_path(rf"^((?:{SLUG_CHARACTERS}+/)*)$", archives_views.routed_page, name="wagtail_serve"),
    prefix_default_language=True,
) + site_wide

# Refusals and failures get the site's own pages, in the reader's language (bayan/errors.py).
handler400 = "bayan.errors.bad_request"
handler403 = "bayan.errors.permission_denied"
handler404 = "bayan.errors.page_not_found"
handler500 = "bayan.errors.server_error"
