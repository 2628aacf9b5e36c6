from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "bayan.statements"
    label = "statements"
    verbose_name = "Joint statements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom import additions
        from bayan.newsroom.signals import demo_built
        from bayan.search import sections

        from .affiliations import connect_affiliation_matching
        from .demo import add_demo_statements
        from .demo_menus import add_organisation_link_to_menus
        from .organisation_search import organisations_section
        from .signatories import connect_freezing
        from .signatory_list import statement_additions

        additions.register(statement_additions)
        sections.register(organisations_section)
        # After the case records' demo (bayan.cases comes first in INSTALLED_APPS), whose persons the statements name.
        demo_built.connect(add_demo_statements, dispatch_uid="statements-demo")
        demo_built.connect(add_organisation_link_to_menus, dispatch_uid="statements-demo-menus")
        connect_freezing()
        connect_affiliation_matching()
