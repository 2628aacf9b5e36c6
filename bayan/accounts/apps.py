from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bayan.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import audit, profile

        audit.connect()
        profile.allow_an_empty_name()
