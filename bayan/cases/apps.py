from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "bayan.cases"
    label = "cases"
    verbose_name = "Case records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bayan.newsroom.signals import demo_built
        from bayan.search import sections

        from . import person_search, suggestions
        from .demo import add_demo_persons
        from .demo_menus import add_case_links_to_menus

        suggestions.connect()
        sections.register(person_search.persons_section)
        demo_built.connect(add_demo_persons, dispatch_uid="cases-demo-persons")
        demo_built.connect(add_case_links_to_menus, dispatch_uid="cases-demo-menus")
