from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bayan.search"
    # "search" is Wagtail's own search app's label.
    label = "bayan_search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import indexing

        indexing.connect()
