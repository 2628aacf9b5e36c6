from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "bayan.statements"
    label = "statements"
    verbose_name = "Joint statements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom import additions
        from bayan.search import sections

        from .organisation_search import organisations_section
        from .signatory_list import statement_additions

        additions.register(statement_additions)
        sections.register(organisations_section)
