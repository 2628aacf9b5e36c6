from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "bayan.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"
