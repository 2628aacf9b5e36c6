from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bayan.api"
    label = "api"
    verbose_name = "Open data API"

    def ready(self):
        from .resources import register_change_resources

        register_change_resources()
