"""Case records in the Wagtail admin: menus, screens and panels."""
