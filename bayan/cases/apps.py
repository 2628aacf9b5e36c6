from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "bayan.cases"
    label = "cases"
    verbose_name = "Case records"
    default_auto_field = "django.db.models.BigAutoField"
