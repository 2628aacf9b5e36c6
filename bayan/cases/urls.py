"""Reader addresses of case records, under a language prefix: persons, their index, anniversaries."""

from django.urls import path  # noqa: F401  (routes are added below as the pages are built)

app_name = "cases"

urlpatterns = []
