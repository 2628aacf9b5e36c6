from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "bayan.mirror"
    label = "mirror"
    verbose_name = "Static mirror"
    default_auto_field = "django.db.models.BigAutoField"
