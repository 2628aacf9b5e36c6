"""Organisations in the Wagtail admin, under a "Statements" menu.

The list searches every name in both scripts, the short names and aliases, as typed and as
matching keys them (so «لجنة حماية الصحفيين» and "CPJ" find the same organisation); it filters
by kind, country and visibility. Saving an organisation whose names match another's shows a
warning naming the likely duplicates; it never refuses.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from .matching import match_terms, matches
from .models import Organisation


def organisations_matching(text):
    """Organisations with ``text`` in a name, short name or alias, as typed or as matching keys it."""
    text = text.strip()[:100]
    found = Q()
    for field in ("name_en", "name_ar", "short_name_en", "short_name_ar", "aliases"):
        found |= Q(**{f"{field}__icontains": text})
    keyed = match_terms([text])
    if keyed:
        found |= Q(match_terms__icontains=keyed)
    return found


def back_to_the_page(request, url_name):
    """A redirect to the admin list ``url_name`` at the page the decision was posted from."""
    page = request.POST.get("page", "")
    return redirect(reverse(url_name) + (f"?page={page}" if page.isdigit() and page != "1" else ""))


def likely_duplicates(organisation):
    """Other organisations whose names match ``organisation``'s."""
    others = Organisation.objects.exclude(pk=organisation.pk).only(
        "pk", "name_en", "name_ar", "short_name_en", "match_terms")
    return [match.organisation for match in matches(organisation.match_terms, others, terms=True)]


class WarnsOfDuplicates:
    """After a save, a warning listing organisations the saved one may duplicate."""

    def save_instance(self):
        instance = super().save_instance()
        twins = likely_duplicates(instance)
        if twins:
            messages.warning(self.request, gettext("This organisation may already exist as: %(names)s. "
                                                   "It was saved; merge them by hand if they are the same.")
                             % {"names": "; ".join(map(str, twins))})
        return instance


class OrganisationIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(organisations_matching(self.search_query))


class OrganisationCreateView(WarnsOfDuplicates, CreateView):
    pass


class OrganisationEditView(WarnsOfDuplicates, EditView):
    pass


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    list_display = ["__str__", "name_ar", "short_name_en", "kind", "country", "visibility"]
    list_filter = ["kind", "visibility", "country"]
    search_fields = ["name_en"]
    panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_ar")]),
                         FieldRowPanel([FieldPanel("short_name_en"), FieldPanel("short_name_ar")]),
                         FieldPanel("aliases")], heading=_("Names")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("visibility"),
        FieldPanel("slug"),
    ]


class StatementsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet,)
    menu_label = _("Statements")
    menu_icon = "group"
    menu_name = "statements"
    menu_order = 260
