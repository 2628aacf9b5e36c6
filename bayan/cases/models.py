"""Case records: persons of concern, the dated events of their timelines, and the posts about them.

The one rule for what readers see of cases lives here, beside the models: a person is
seen when ``public``; an event when it involves at least one public person, and then
only with its public persons; a linked post when the link is accepted and the post
itself is visible to readers (``PostQuerySet.visible_to_readers``). Every public output
(pages, index, counts, feeds, search, sitemap, JSON-LD, anniversaries, calendar,
downloads) reads through ``visible_to_readers()`` and ``public_persons()``.

A person's status is derived from their events (``timeline.derive``) and kept on the
person, so that lists can filter and count by it; it is recomputed whenever an event
that involves them is saved, changed or deleted (``refresh_statuses``).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from bayan.database import update_rows

from .dates import PartialDate, Precision
from .timeline import Status, TimelineEvent, derive


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal (never shown to readers)")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")


class StatusChoice(models.TextChoices):
    DETAINED = Status.DETAINED, _("detained")
    MISSING = Status.MISSING, _("missing")
    RELEASED = Status.RELEASED, _("released")
    DEAD = Status.DEAD, _("dead")
    UNKNOWN = Status.UNKNOWN, _("unknown")


class EventType(models.TextChoices):
    ARRESTED = "arrested", _("arrested")
    DETAINED = "detained", _("detained")
    ABDUCTED = "abducted", _("abducted")
    DISAPPEARED = "disappeared", _("disappeared")
    CHARGED = "charged", _("charged")
    TRIED = "tried", _("tried")
    SENTENCED = "sentenced", _("sentenced")
    TRANSFERRED = "transferred", _("transferred")
    RELEASED = "released", _("released")
    KILLED = "killed", _("killed")
    EXECUTED = "executed", _("executed")
    DIED_IN_CUSTODY = "died_in_custody", _("died in custody")
    DEATH_CONFIRMED = "death_confirmed", _("death confirmed")
    OTHER = "other", _("other")


class Role(models.Model):
    """What a person is to the organisation's work: journalist, lawyer, ... (an editable list)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_ar = models.CharField(_("name in Arabic"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.name_en or self.slug

    def name_in(self, language):
        """The role's name in ``language`` (Arabic or English), the other when that one is empty."""
        return (self.name_ar if language == "ar" else self.name_en) or self.name_en or self.name_ar


class PersonQuerySet(models.QuerySet):
    def visible_to_readers(self):
        """Persons readers may see: the public ones. Internal persons appear in no public output."""
        return self.filter(visibility=Visibility.PUBLIC)


class Person(models.Model):
    """A person of concern: a journalist, activist or defender whose case the organisation follows."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True, blank=True,
                            help_text=_("The person's address; made from the name when left empty."))
    record_id = models.CharField(_("spreadsheet id"), max_length=100, unique=True, null=True, blank=True,
                                 help_text=_("The person's id in the organisation's case spreadsheet, if any."))
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    aliases = models.TextField(
        _("other names and spellings"), blank=True,
        help_text=_("One per line, in any script: transliterations, nicknames, a maiden name."))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    roles = models.ManyToManyField(Role, blank=True, related_name="persons", verbose_name=_("roles"))
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    portrait = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("portrait"))
    portrait_consent = models.BooleanField(
        _("consent to show the portrait"), default=False,
        help_text=_("The portrait is shown to readers only when the person or their family agreed."))
    bio_en = models.TextField(_("short biography in English"), blank=True)
    bio_ar = models.TextField(_("short biography in Arabic"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC,
        help_text=_("Internal: the case stays unpublished, as families sometimes ask."))

    # Derived from the events by ``refresh_status()``; never typed.
    status = models.CharField(_("status"), max_length=10, choices=StatusChoice.choices, default=Status.UNKNOWN,
                              editable=False)
    status_since = models.DateField(null=True, editable=False)
    status_since_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True, editable=False)
    status_year = models.PositiveSmallIntegerField(null=True, editable=False)
    status_place = models.CharField(max_length=300, blank=True, editable=False)
    status_event = models.ForeignKey("Event", null=True, on_delete=models.SET_NULL, related_name="+",
                                     editable=False)
    deprived_since = models.DateField(null=True, editable=False)
    deprived_since_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True,
                                                editable=False)
    # The person's names and aliases as search analyses them (``names.match_terms``), for suggestions.
    match_terms = models.TextField(default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name_ar", "pk"]
        verbose_name = _("person of concern")
        verbose_name_plural = _("persons of concern")
        indexes = [models.Index(fields=["visibility", "status", "status_year"]),
                   models.Index(fields=["visibility", "status_place"])]

    def __str__(self):
        return self.name_en or self.name_ar or self.slug or "?"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        from .names import match_terms
        self.match_terms = match_terms(self)
        return super().save(*args, **kwargs)

    def slug_base(self):
        """What the slug is made of: the English name, else the Arabic one (an import numbers it in memory)."""
        return (slugify(self.name_en) or slugify(self.name_ar, allow_unicode=True) or "person")[:100]

    def unique_slug(self):
        """A slug from the English name (the Arabic one when there is none), numbered when taken."""
        base = self.slug_base()
        slug, number = base, 1
        while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def name_in(self, language):
        """The person's name in ``language``, the other script's when that one is empty."""
        own, other = (self.name_ar, self.name_en) if language == "ar" else (self.name_en, self.name_ar)
        return own or other

    def other_name(self, language):
        """The name in the other script, shown beside the first when it differs."""
        own, other = (self.name_ar, self.name_en) if language == "ar" else (self.name_en, self.name_ar)
        return other if own and other and other != own else ""

    def bio_in(self, language):
        return self.bio_ar if language == "ar" else self.bio_en

    def alias_list(self):
        """The aliases, one per line as typed, blank lines left out."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def all_names(self):
        """Every name the person is known by: both scripts, then the aliases."""
        return [name for name in [self.name_en, self.name_ar, *self.alias_list()] if name]

    def portrait_for_readers(self):
        """The portrait, only with consent."""
        return self.portrait if self.portrait_consent else None

    @property
    def status_since_date(self):
        """The status's start as a ``PartialDate``, or None."""
        if self.status_since is None:
            return None
        return PartialDate(self.status_since, self.status_since_precision or Precision.DAY)

    @property
    def deprived_since_date(self):
        """The start of the ongoing deprivation of liberty as a ``PartialDate``, or None."""
        if self.deprived_since is None:
            return None
        return PartialDate(self.deprived_since, self.deprived_since_precision or Precision.DAY)

    def days_deprived(self, today):
        """Days deprived of liberty until ``today`` while detained or missing, else None."""
        start = self.deprived_since_date
        return None if start is None else max((today - start.first_day).days, 0)

    def timeline_events(self):
        """The person's events as ``timeline`` derives from them."""
        return [event.as_timeline_event() for event in self.events.all()]

    def refresh_status(self, save=True):
        """Derive the status from the events and keep it on the person."""
        events = {event.pk: event for event in self.events.all()}
        derived = derive(event.as_timeline_event() for event in events.values())
        cause = events.get(derived.cause.entered) if derived.cause else None
        values = derived_values(derived, cause.pk if cause else None, cause.place if cause else "")
        for name, value in values.items():
            setattr(self, Person._meta.get_field(name).attname, value)
        if save:
            Person.objects.filter(pk=self.pk).update(**values)


DERIVED_FIELDS = ["status", "status_since", "status_since_precision", "status_year", "status_event",
                  "status_place", "deprived_since", "deprived_since_precision"]


def derived_values(derived, cause_id, cause_place):
    """The ``DERIVED_FIELDS`` of a person from ``derived`` (a ``timeline.Derived``), in their order;
    the event the status comes from by its id and place."""
    since, deprived = derived.since, derived.deprived_since
    return {"status": derived.status, "status_since": since.first_day if since else None,
            "status_since_precision": since.precision if since else "",
            "status_year": since.first_day.year if since else None, "status_event": cause_id,
            "status_place": cause_place, "deprived_since": deprived.first_day if deprived else None,
            "deprived_since_precision": deprived.precision if deprived else ""}


def refresh_statuses(person_ids):
    """Recompute the derived status of these persons (after their events changed)."""
    for person in Person.objects.filter(pk__in=set(person_ids)).prefetch_related("events"):
        person.refresh_status()


def refresh_statuses_in_bulk(person_ids, chunk=2000):
    """``refresh_statuses`` for many persons at once (an import): one read of their events and one
    prepared update per ``chunk`` persons, instead of a query or two per person."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        timelines = {person_id: [] for person_id in part}
        places = {}
        links = Event.persons.through.objects.filter(person_id__in=part).values_list(
            "person_id", "event_id", "event__type", "event__date", "event__precision", "event__place")
        for person_id, event_id, type, day, precision, place in links:
            timelines[person_id].append(
                TimelineEvent(type=type, when=PartialDate(day, precision or Precision.DAY), entered=event_id))
            places[event_id] = place
        rows = []
        for person_id, events in timelines.items():
            derived = derive(events)
            cause_id = derived.cause.entered if derived.cause else None
            rows.append([*derived_values(derived, cause_id, places.get(cause_id, "")).values(), person_id])
        update_rows(Person, DERIVED_FIELDS, rows)


class EventQuerySet(models.QuerySet):
    def visible_to_readers(self):
        """Events readers may see: those that involve at least one public person."""
        public = Event.persons.through.objects.filter(event_id=OuterRef("pk"), person__visibility=Visibility.PUBLIC)
        return self.filter(Exists(public))


class Event(ClusterableModel):
    """Something that happened to one or more persons on a date: an arrest, a release, a death."""

    record_id = models.CharField(_("spreadsheet id"), max_length=100, unique=True, null=True, blank=True)
    type = models.CharField(_("what happened"), max_length=20, choices=EventType.choices)
    date = models.DateField(_("date"), help_text=_("For a month or a year, its first day."))
    precision = models.CharField(_("known to the"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    end_date = models.DateField(_("until"), null=True, blank=True,
                                help_text=_("Optional: the last day, for an event that lasted."))
    place = models.CharField(_("place"), max_length=300, blank=True)
    responsible = models.CharField(_("responsible party"), max_length=300, blank=True,
                                   help_text=_("Who did it, when known."))
    note = models.TextField(_("note"), blank=True)
    persons = ParentalManyToManyField(Person, related_name="events", verbose_name=_("persons"))

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        names = ", ".join(str(person) for person in self.persons.all()[:3]) if self.pk else ""
        return f"{self.when.iso()} {self.get_type_display()} {names}".strip()

    @property
    def when(self):
        """The event's date at its precision."""
        return PartialDate(self.date, self.precision or Precision.DAY)

    def as_timeline_event(self):
        return TimelineEvent(type=self.type, when=self.when, entered=self.pk)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.date and self.precision:
            try:
                PartialDate.parse(self.date.isoformat(), self.precision)
            except ValueError as error:
                errors["date"] = str(error)
        if self.date and self.end_date and self.end_date < self.date:
            errors["end_date"] = _("The end date is before the event's date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The persons it involved before this save lose or keep it: their status is derived again too.
        before = set(Event.persons.through.objects.filter(event_id=self.pk).values_list("person_id", flat=True)) \
            if self.pk else set()
        with transaction.atomic():
            super().save(*args, **kwargs)
            now = set(Event.persons.through.objects.filter(event_id=self.pk).values_list("person_id", flat=True))
            refresh_statuses(before | now)

    def delete(self, *args, **kwargs):
        involved = list(self.persons.values_list("pk", flat=True))
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            refresh_statuses(involved)
        return result

    def public_persons(self):
        """The persons of this event that readers may see (internal ones are left out everywhere)."""
        return [person for person in self.persons.all() if person.is_public]


class EventSource(models.Model):
    """Where an event is documented: a post on this site, or an address elsewhere."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="sources")
    post = models.ForeignKey("newsroom.PostPage", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("post on this site"))
    url = models.URLField(_("address elsewhere"), max_length=1000, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("source")

    def __str__(self):
        return self.url or (self.post.title if self.post_id else "")


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    LINKED = "linked", _("linked")
    REJECTED = "rejected", _("rejected")


class PostPersonQuerySet(models.QuerySet):
    def visible_to_readers(self, now=None):
        """Accepted links between a public person and a post readers may see."""
        from bayan.newsroom.models import PostPage

        return self.filter(state=LinkState.LINKED, person__visibility=Visibility.PUBLIC,
                           post__in=PostPage.objects.visible_to_readers(now).values("pk"))


class PostPerson(models.Model):
    """A post that speaks of a person: suggested by the name matcher, linked or rejected by an editor."""

    post = models.ForeignKey("newsroom.PostPage", on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="post_links")
    state = models.CharField(max_length=10, choices=LinkState.choices, default=LinkState.LINKED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostPersonQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="cases_one_link_per_post_person")]
        indexes = [models.Index(fields=["person", "state"]), models.Index(fields=["state", "post"])]
        verbose_name = _("post about a person")

    def __str__(self):
        return f"{self.person} in post {self.post_id} ({self.state})"


def linked_posts(person, now=None):
    """The posts readers may see that are linked to ``person``, newest first (none for an internal person)."""
    from bayan.newsroom.models import PostPage

    if not person.is_public:
        return PostPage.objects.none()
    links = PostPerson.objects.filter(person=person, state=LinkState.LINKED).values("post_id")
    return PostPage.objects.visible_to_readers(now).filter(pk__in=links).order_by("-date", "-pk")
