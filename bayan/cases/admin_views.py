"""Case records in the Wagtail admin: persons, events and roles under a "Cases" menu.

Who sees what is the groups' permissions (``bayan.accounts.roles.CASE_PERMISSIONS``):
editors read, case officers and administrators write, contributors see nothing; the
choosers and the persons search of the event form ask for the same "view" permission.

The audit log (Reports › Site history) gets, beside Wagtail's own entries for every
create, edit and delete, an entry for each opening of an internal person's record or
of an event involving one (``cases.view_internal``), and for each full download
(``cases.full_export``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from bayan.accounts.audit import record

from .admin_forms import DerivedStatusPanel, EventForm, PersonsPicker, RolesInAdminLanguage
from .duplicates import likely_duplicates
from .models import Event, Person, Role, Visibility, refresh_statuses
from .names import name_tokens
from .opendata import write_events_csv, write_persons_csv

FOUND_AT_MOST = 20


def may_read_cases(user):
    """Editors, case officers and administrators; never contributors."""
    return user.has_perm("cases.view_person") or user.has_perm("cases.change_person")


def may_export_everything(user):
    """Case officers and administrators: those who may change persons may download them all."""
    return user.has_perm("cases.change_person")


def persons_matching(text):
    """Persons with ``text`` in a name or alias as typed, or as the search app analyses it
    (so زيتونة finds زيتونه and Al-Hamsi finds Hamsi)."""
    text = text.strip()
    matching = Q(name_en__icontains=text) | Q(name_ar__icontains=text) | Q(aliases__icontains=text)
    tokens = name_tokens(text)
    if tokens:
        matching |= Q(match_terms__icontains=" ".join(tokens))
    return matching


def involves_internal(record):
    """Whether opening ``record`` shows an internal case: an internal person, or an event with one."""
    if isinstance(record, Person):
        return record.visibility == Visibility.INTERNAL
    if isinstance(record, Event):
        return record.persons.filter(visibility=Visibility.INTERNAL).exists()
    return False


class LogsInternalViewing:
    """Writes ``cases.view_internal`` to the audit log when an internal case record is opened."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if involves_internal(self.object):
            log(instance=self.object, action="cases.view_internal", user=request.user)
        return response


class CaseReadersOnly:
    """For the choosers: persons and events are shown only to those who may read case records."""

    def dispatch(self, request, *args, **kwargs):
        if not may_read_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CaseChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (CaseReadersOnly, snippet_chooser.ChooseView), {})
    choose_results_view_class = type("ChooseResultsView", (CaseReadersOnly, snippet_chooser.ChooseResultsView), {})
    chosen_view_class = type("ChosenView", (CaseReadersOnly, snippet_chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (CaseReadersOnly, snippet_chooser.SnippetChosenMultipleView), {})


def warn_of_duplicates(request, person):
    """A warning (never a refusal) naming the persons whose names are close to ``person``'s."""
    found = likely_duplicates(person)
    if not found:
        return
    links = format_html_join(
        ", ", '<a href="{}">{}</a>',
        ((reverse(Person.snippet_viewset.get_url_name("edit"), args=[other.pk]), other.name_in("en"))
         for other in found[:10]))
    messages.warning(request, format_html(
        "{} {}", _("Saved. This may be the same person as one already recorded, under the same or a close name:"),
        links))


def note_persons_of_deleted_events(request, instances):
    """Before events are deleted in the admin, note whom they involve: Wagtail's bulk delete
    removes them in one query, without ``Event.delete``, which would derive those statuses again."""
    events = [instance.pk for instance in instances if isinstance(instance, Event)]
    if events:
        request.persons_of_deleted_events = set(
            Event.persons.through.objects.filter(event_id__in=events).values_list("person_id", flat=True))


def refresh_persons_of_deleted_events(request, instances):
    """After events are deleted in the admin, the statuses of those they involved are derived again."""
    refresh_statuses(getattr(request, "persons_of_deleted_events", ()))


class PersonIndexView(snippet_views.IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # Titled by the name in the admin's language (the other script's when that one is empty).
        return self._get_title_column_class(column_class)(
            "name", label=_("Name"), accessor=lambda person: person.name_in(get_language()), sort_key="name_en",
            get_url=lambda person: self.get_edit_url(person) or self.get_inspect_url(person),
            get_title_id=lambda person: f"snippet_{person.pk}_title")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(persons_matching(self.search_query))

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if may_export_everything(self.request.user):
            buttons += [
                Button(_("Download every person (CSV)"), url=reverse("cases_admin:export_persons"),
                       icon_name="download", priority=100),
                Button(_("Download every event (CSV)"), url=reverse("cases_admin:export_events"),
                       icon_name="download", priority=110),
            ]
        return buttons


class PersonCreateView(snippet_views.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        warn_of_duplicates(self.request, instance)
        return instance


class PersonEditView(LogsInternalViewing, snippet_views.EditView):
    def save_instance(self):
        instance = super().save_instance()
        warn_of_duplicates(self.request, instance)
        return instance


class PersonInspectView(LogsInternalViewing, snippet_views.InspectView):
    pass


class CaseRecordViewSet(SnippetViewSet):
    """What persons and events share: a read-only page for those who only read, guarded choosers."""

    inspect_view_enabled = True
    # A copy would be a duplicate person, and would show an internal record unlogged.
    copy_view_enabled = False
    chooser_viewset_class = CaseChooserViewSet
    list_per_page = 50


def status_since(person):
    return person.status_since_date.iso() if person.status_since_date else ""


def role_names(person):
    language = get_language()
    return ", ".join(role.name_in(language) for role in person.roles.all())


class PersonViewSet(CaseRecordViewSet):
    model = Person
    icon = "user"
    menu_label = _("Persons")
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    inspect_view_class = PersonInspectView
    list_display = [
        "name",
        Column("other_name", label=_("In the other script"), accessor=lambda person: person.other_name(get_language())),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("since", label=_("Since"), accessor=status_since),
        Column("visibility", label=_("Visibility"), accessor="get_visibility_display", sort_key="visibility"),
        Column("roles", label=_("Roles"), accessor=role_names),
    ]
    list_filter = ["status", "visibility", "roles"]
    search_fields = ["name_en", "name_ar", "aliases"]
    inspect_view_fields = ["name_en", "name_ar", "aliases", "gender", "roles", "affiliation", "visibility",
                           "status", "status_since", "deprived_since", "bio_en", "bio_ar", "record_id"]
    edit_handler = ObjectList([
        DerivedStatusPanel(),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_ar")]),
            FieldPanel("aliases"),
            FieldPanel("slug"),
        ], heading=_("Names")),
        MultiFieldPanel([
            FieldPanel("gender"),
            FieldPanel("roles", widget=RolesInAdminLanguage),
            FieldPanel("affiliation"),
            FieldRowPanel([FieldPanel("portrait"), FieldPanel("portrait_consent")]),
            FieldPanel("bio_en"),
            FieldPanel("bio_ar"),
        ], heading=_("About the person")),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("record_id")], heading=_("Record")),
    ])

    def get_queryset(self, request):
        return Person.objects.prefetch_related("roles")


class EventIndexView(snippet_views.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        text = self.search_query
        return queryset.filter(
            Q(place__icontains=text) | Q(responsible__icontains=text) | Q(note__icontains=text)
            | Q(persons__in=Person.objects.filter(persons_matching(text)))).distinct()


class EventEditView(LogsInternalViewing, snippet_views.EditView):
    pass


class EventInspectView(LogsInternalViewing, snippet_views.InspectView):
    pass


class EventViewSet(CaseRecordViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    index_view_class = EventIndexView
    edit_view_class = EventEditView
    inspect_view_class = EventInspectView
    list_display = [
        "__str__",
        Column("when", label=_("Date"), accessor=lambda event: event.when.iso(), sort_key="date"),
        Column("type", label=_("What happened"), accessor="get_type_display", sort_key="type"),
        Column("place", label=_("Place"), accessor="place", sort_key="place"),
    ]
    list_filter = ["type", "precision"]
    search_fields = ["place", "responsible", "note"]
    inspect_view_fields = ["type", "date", "precision", "end_date", "persons", "place", "responsible", "note"]
    edit_handler = ObjectList([
        FieldPanel("type"),
        FieldRowPanel([FieldPanel("when"), FieldPanel("precision"), FieldPanel("end_date")]),
        FieldPanel("persons", widget=PersonsPicker),
        FieldRowPanel([FieldPanel("place"), FieldPanel("responsible")]),
        FieldPanel("note"),
        InlinePanel("sources", label=_("sources"), panels=[FieldPanel("post"), FieldPanel("url")]),
        FieldPanel("record_id"),
    ], base_form_class=EventForm)

    def get_queryset(self, request):
        return Event.objects.prefetch_related("persons")


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "tag"
    menu_label = _("Roles")
    list_display = ["name_en", "name_ar", "slug"]
    sort_order_field = "sort_order"
    panels = [FieldPanel("name_en"), FieldPanel("name_ar"), FieldPanel("slug")]


class CasesGroup(SnippetViewSetGroup):
    items = (PersonViewSet, EventViewSet, RoleViewSet)
    menu_label = _("Cases")
    menu_icon = "folder-open-inverse"
    menu_name = "cases"
    menu_order = 250


def find_persons(request):
    """Persons by part of a name or alias, for the event form's picker: ``{"persons": [{id, label}]}``."""
    if not may_read_cases(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()[:100]
    if len(text) < 2:
        return JsonResponse({"persons": []})
    found = Person.objects.filter(persons_matching(text)).order_by("name_en", "name_ar")[:FOUND_AT_MOST]
    return JsonResponse({"persons": [{"id": person.pk, "label": picker_label(person)} for person in found]})


def picker_label(person):
    """Both names, and "internal" for an internal person, so that the right one is picked."""
    label = " · ".join(name for name in (person.name_en, person.name_ar) if name)
    return f"{label} ({_('internal')})" if person.visibility == Visibility.INTERNAL else label


def export_persons(request):
    """Every person, internal ones included, in the spreadsheet's columns; logged."""
    return _full_export(request, "persons.csv", write_persons_csv, Person.objects.order_by("pk"))


def export_events(request):
    """Every event, with all its persons, in the spreadsheet's columns; logged."""
    return _full_export(request, "events.csv", write_events_csv, Event.objects.order_by("date", "pk"))


def _full_export(request, filename, write, queryset):
    if not may_export_everything(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write(queryset, response, public_only=False)
    record("cases.full_export", request.user, request, file=filename)
    return response


def admin_urls():
    """The case records' own admin addresses, under /admin/cases/."""
    return [path("cases/", include(([
        path("persons/find/", find_persons, name="find_persons"),
        path("export/persons.csv", export_persons, name="export_persons"),
        path("export/events.csv", export_events, name="export_events"),
    ], "cases_admin")))]
