from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "bayan.mirror"
    label = "mirror"
    verbose_name = "Static mirror"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom.signals import demo_built
        from bayan.pagecache.invalidation import generation_started

        from .demo import add_demo_mirror_key
        from .tasks import _generation_started

        generation_started.connect(_generation_started, dispatch_uid="mirror-sync-after-change")
        demo_built.connect(add_demo_mirror_key, dispatch_uid="mirror-demo-key")
