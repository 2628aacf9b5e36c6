"""Reader addresses of case records, under a language prefix: persons, their index, anniversaries."""

from django.urls import path

# Importing the archives' routes registers their ``slug_text`` converter (any path segment but
# control characters), which person addresses use too.
from bayan.archives import urls as _archive_routes  # noqa: F401

from . import anniversary_views, feeds, views

app_name = "cases"

urlpatterns = [
    # Persons: the index (filtered by its query string), its pages, a person's page, their feeds.
    path("person/", views.person_index, name="person-index"),
    path("person/page/<int:page>/", views.person_index, name="person-index-page"),
    path("person/feed/", feeds.person_rss, name="person-index-feed"),
    path("person/feed/atom/", feeds.person_atom, name="person-index-feed-atom"),
    path("person/<slug_text:slug>/", views.person, name="person"),
    path("person/<slug_text:slug>/feed/", feeds.person_rss, name="person-feed"),
    path("person/<slug_text:slug>/feed/atom/", feeds.person_atom, name="person-feed-atom"),
    # Anniversaries of the next 30 days, and every anniversary as a yearly event in a calendar feed.
    path("anniversaries/", anniversary_views.anniversaries_page, name="anniversaries"),
    path("anniversaries.ics", anniversary_views.anniversaries_calendar, name="anniversaries-calendar"),
]
