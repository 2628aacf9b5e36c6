"""Sign-on addresses, private to whoever holds a link's token (see signon_views.py)."""

from django.urls import path

from . import signon_views

app_name = "signon"

urlpatterns = [
    path("sign/confirm/<str:token>/", signon_views.confirmed, name="confirm"),
    path("sign/<str:token>/organisations/", signon_views.organisations, name="organisations"),
    path("sign/<str:token>/", signon_views.sign_on, name="form"),
]
