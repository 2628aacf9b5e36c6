from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bayan.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import audit

        audit.connect()
