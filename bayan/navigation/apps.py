from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "bayan.navigation"
    label = "navigation"
    verbose_name = "Navigation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom.signals import demo_built

        from .demo import add_demo_menus

        demo_built.connect(add_demo_menus, dispatch_uid="navigation-demo-menus")
