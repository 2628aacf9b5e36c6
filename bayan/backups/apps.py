from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "bayan.backups"
    label = "backups"
    verbose_name = "Backups"
