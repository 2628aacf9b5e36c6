from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "bayan.identity"
    label = "identity"
    verbose_name = "Identity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom.signals import demo_built

        from .demo import add_demo_organisation

        demo_built.connect(add_demo_organisation, dispatch_uid="identity-demo-organisation")
