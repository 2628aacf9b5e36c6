from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "bayan.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import admin_indexes
        from .models import PostPage, StandardPage

        for model in (PostPage, StandardPage):
            post_save.connect(admin_indexes.index_saved_page, sender=model,
                              dispatch_uid=f"admin-search-{model.__name__}")
            post_delete.connect(admin_indexes.unindex_deleted_page, sender=model,
                                dispatch_uid=f"admin-unsearch-{model.__name__}")
        post_save.connect(admin_indexes.note_saved_reference_holder, dispatch_uid="admin-references-waiting")
        post_delete.connect(admin_indexes.forget_deleted_reference_holder, dispatch_uid="admin-references-deleted")
