"""The open data API's partner keys in the admin's Settings menu."""

from wagtail import hooks

from . import admin_views

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_settings_menu_item", admin_views.menu_item)
