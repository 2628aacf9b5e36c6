from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bayan.search"
    # "search" is Wagtail's own search app's label.
    label = "bayan_search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import indexing, state

        indexing.connect()
        # A stale index (written by an earlier analysis) is rebuilt, or reported, when migrate ends.
        post_migrate.connect(state.after_migrate, sender=self, dispatch_uid="search-analysis-after-migrate")
