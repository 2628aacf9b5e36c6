from django.urls import path

from . import views

# At the site's root, outside the language prefixes: browsers ask for /favicon.ico there.
urlpatterns = [
    path(name, views.favicon, {"name": name}, name=route)
    for name, route in [("favicon.ico", "favicon"), ("apple-touch-icon.png", "apple-touch-icon"),
                        ("icon-192.png", "icon-192"), ("icon-512.png", "icon-512")]
]
