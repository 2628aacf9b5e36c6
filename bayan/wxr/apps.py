from django.apps import AppConfig


class WxrConfig(AppConfig):
    name = "bayan.wxr"
    label = "wxr"
    verbose_name = "WordPress import"
