from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "bayan.archives"
    label = "archives"
    verbose_name = "Archives"
