from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "bayan.pagecache"
    label = "pagecache"
    verbose_name = "Reader page cache"

    def ready(self):
        from . import invalidation

        invalidation.connect()
