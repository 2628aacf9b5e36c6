"""Reader addresses of statements' signers, under a language prefix: organisations and their index."""

from django.urls import path

# Importing the archives' routes registers their ``slug_text`` converter, which organisation addresses use too.
from bayan.archives import urls as _archive_routes  # noqa: F401

from . import views

app_name = "statements"

urlpatterns = [
    path("organisation/", views.organisation_index, name="organisation-index"),
    path("organisation/page/<int:page>/", views.organisation_index, name="organisation-index-page"),
    path("organisation/<slug_text:slug>/", views.organisation, name="organisation"),
]
