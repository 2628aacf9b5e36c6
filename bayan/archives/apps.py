from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "bayan.archives"
    label = "archives"
    verbose_name = "Archives"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import entries

        entries.connect()
        post_migrate.connect(list_existing_posts, sender=self, dispatch_uid="archives-list-existing-posts")


def list_existing_posts(using="default", **kwargs):
    """After ``migrate``: a database whose posts predate the archive lists gets them written once."""
    from bayan.newsroom.models import PostPage

    from .entries import rebuild
    from .models import ListingEntry

    if not ListingEntry.objects.using(using).exists() and PostPage.objects.using(using).live().exists():
        rebuild()
