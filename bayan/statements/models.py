"""Joint statements: the organisations that sign them, who signed which, and how signatures come in.

The one rule for what readers see of statements lives here, beside the models:

* an organisation is named to readers when ``public``; an internal one (a partner that signs
  but asked not to be listed) is only counted ("and N organisations that asked not to be
  named") and has no page;
* a statement is seen through its posts: in a language where its post is visible to readers
  (``PostQuerySet.visible_to_readers``), nowhere else;
* a signature is public once it is a ``Signatory``. Submissions (``Submission``) are never
  shown to readers in any state: they become signatories only when an editor approves them.

A statement belongs to a post and all of its translations at once (Wagtail's
``translation_key``), so every language shows the same list.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from bayan.database import PreparedLookup
from bayan.newsroom.models import PostPage

# 24 random bytes: 192 bits, well past the 128 an unguessable link needs.
TOKEN_BYTES = 24


def new_token():
    """A fresh secret for an address (a sign-on link, an e-mail confirmation)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token):
    """What is stored of a token: its SHA-256, so a copy of the database opens no link."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def in_language(language, english, arabic):
    """The text of ``language`` (Arabic or English), the other one's when that one is empty."""
    own, other = (arabic, english) if language == "ar" else (english, arabic)
    return own or other


class Kind(models.TextChoices):
    NGO = "ngo", _("non-governmental organisation")
    NETWORK = "network", _("network or coalition")
    UNION = "union", _("union or syndicate")
    MEDIA = "media", _("media outlet")
    OTHER = "other", _("other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal (signs without being named)")


class OrganisationQuerySet(models.QuerySet):
    def visible_to_readers(self):
        """Organisations readers may see named: the public ones."""
        return self.filter(visibility=Visibility.PUBLIC)


class Organisation(models.Model):
    """An organisation that signs statements: an NGO, a network, a union, a media outlet."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True, blank=True,
                            help_text=_("The organisation's address; made from the name when left empty."))
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=300, blank=True)
    short_name_en = models.CharField(_("short name in English"), max_length=60, blank=True,
                                     help_text=_("An acronym such as CPJ, if the organisation has one."))
    short_name_ar = models.CharField(_("short name in Arabic"), max_length=60, blank=True)
    aliases = models.TextField(
        _("other names and spellings"), blank=True,
        help_text=_("One per line, in any script: former names, translations, common misspellings."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NGO)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("logo"))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC,
        help_text=_("Internal: the organisation signs but is not named; readers see it counted only."))
    # Every name as the search app's analysis keys it (``matching.match_terms``), one name a line.
    match_terms = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name_ar", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["visibility", "country", "kind"])]

    def __str__(self):
        return self.name_en or self.name_ar or self.slug or "?"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        from .matching import match_terms  # matching reads this module's models

        self.match_terms = match_terms(self.all_names())
        return super().save(*args, **kwargs)

    def unique_slug(self):
        """A slug from the English name (the Arabic one when there is none), numbered when taken."""
        base = (slugify(self.name_en) or slugify(self.name_ar, allow_unicode=True) or "organisation")[:100]
        slug, number = base, 1
        while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def name_in(self, language):
        """The organisation's name in ``language``, the other language's when that one is empty."""
        return in_language(language, self.name_en, self.name_ar)

    def short_name_in(self, language):
        return in_language(language, self.short_name_en, self.short_name_ar)

    def alias_list(self):
        """The aliases, one per line as typed, blank lines left out."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def all_names(self):
        """Every name the organisation is known by: both languages, the short names, the aliases."""
        names = [self.name_en, self.name_ar, self.short_name_en, self.short_name_ar, *self.alias_list()]
        return [name for name in dict.fromkeys(names) if name]


class Statement(models.Model):
    """The joint statement a post and its translations are: one list of signatories for all languages."""

    translation_key = models.UUIDField(unique=True, default=uuid.uuid4,
                                       help_text="The translation_key of the posts this statement is.")
    allows_individuals = models.BooleanField(
        _("individuals may sign"), default=False,
        help_text=_("Persons may sign in their own name, with their title, besides organisations."))
    freeze_at_publication = models.BooleanField(
        _("freeze the list at publication"), default=True,
        help_text=_("Signatures approved after the post is first published are shown apart, with their date."))
    frozen_at = models.DateTimeField(_("list frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")

    def __str__(self):
        return Statement.names([self])[self]

    @classmethod
    def names(cls, statements):
        """``{statement: name}`` for ``statements`` in one query: each one's first post's title, else its key."""
        keys = {statement.translation_key for statement in statements}
        first_titles = {}
        for key, title in PostPage.objects.filter(translation_key__in=keys).order_by("pk").values_list(
                "translation_key", "title"):
            first_titles.setdefault(key, title)
        return {statement: first_titles.get(statement.translation_key, str(statement.translation_key))
                for statement in statements}

    @classmethod
    def of_post(cls, post):
        """The statement ``post`` (or a translation of it) is, or None."""
        return cls.objects.filter(translation_key=post.translation_key).first()

    def posts(self):
        """Every post of this statement, one per language, readers' rule not applied."""
        return PostPage.objects.filter(translation_key=self.translation_key)

    def posts_visible_to_readers(self, now=None):
        return PostPage.objects.visible_to_readers(now).filter(translation_key=self.translation_key)

    def is_frozen(self):
        return self.frozen_at is not None


class Signatory(models.Model):
    """One signature on a statement, in its place in the list: an organisation, or an individual."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatories")
    sort_order = models.PositiveIntegerField(_("place in the list"), default=0)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="signatures", verbose_name=_("organisation"))
    individual_name = models.CharField(_("individual's name"), max_length=200, blank=True)
    individual_title = models.CharField(_("individual's title"), max_length=200, blank=True,
                                        help_text=_("What the person signs as: journalist, lawyer, ..."))
    signed_on = models.DateField(_("signed on"), default=timezone.localdate)
    # Added after the list was frozen at publication: shown apart, "signed after publication".
    after_publication = models.BooleanField(_("signed after publication"), default=False)
    submission = models.OneToOneField("Submission", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="signatory", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement", "after_publication", "sort_order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["statement", "organisation"], name="one_signature_per_organisation"),
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False, individual_name="")
                           | models.Q(organisation__isnull=True) & ~models.Q(individual_name="")),
                name="signatory_is_an_organisation_or_an_individual"),
        ]

    def __str__(self):
        return str(self.organisation) if self.organisation_id else self.individual_name

    def name_in(self, language):
        """What the list shows: the organisation's name in ``language``, or the individual's name."""
        return self.organisation.name_in(language) if self.organisation_id else self.individual_name


class SignOnLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Links that take signatures now: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class SignOnLink(models.Model):
    """A private address where partners sign a statement; only its token's digest is stored."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="links")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    partner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="invitations", verbose_name=_("invited partner"),
                                help_text=_("Leave empty for one link for everyone you send it to."))
    label = models.CharField(_("note"), max_length=200, blank=True,
                             help_text=_("For editors only: whom the link was sent to, where."))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignOnLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("sign-on link")
        verbose_name_plural = _("sign-on links")

    def __str__(self):
        return self.label or (str(self.partner) if self.partner_id else str(_("sign-on link")))

    @classmethod
    def issue(cls, statement, expires_at, *, partner=None, label="", created_by=None):
        """A new link for ``statement``: the link and its token, which is shown once and never stored."""
        token = new_token()
        link = cls.objects.create(statement=statement, token_digest=token_digest(token), partner=partner,
                                  label=label, expires_at=expires_at, created_by=created_by)
        return link, token

    @classmethod
    def find(cls, token):
        """The link a token opens (revoked or expired included), or None."""
        if not token or len(token) > 100:
            return None
        return _link_by_digest.first(digest=token_digest(token))

    def is_usable(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class SubmissionState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("waiting for its e-mail to be confirmed")
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Submission(models.Model):
    """A signature sent through a sign-on link; never shown to readers, whatever its state.

    It waits for its contact to confirm the e-mail address (``UNCONFIRMED``), then for an
    editor (``PENDING``), who approves it (as a new organisation or merged into an existing
    one: it becomes a ``Signatory``) or rejects it. The contact's e-mail and comment of a
    rejected submission are erased after ``BAYAN_REJECTED_SUBMISSION_DAYS``.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="submissions")
    link = models.ForeignKey(SignOnLink, null=True, on_delete=models.SET_NULL, related_name="submissions")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    state = models.CharField(max_length=12, choices=SubmissionState.choices, default=SubmissionState.UNCONFIRMED)
    language = models.CharField(max_length=10, default="en")
    organisation_name = models.CharField(_("organisation"), max_length=300)
    # The existing organisation the signer picked from the type-ahead, if any (a proposal, not a decision).
    chosen_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="+")
    country = CountryField(_("country"), blank=True)
    individual_title = models.CharField(_("title"), max_length=200, blank=True)
    signs_as_individual = models.BooleanField(default=False)
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    consent = models.BooleanField(default=False)
    confirmation_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    match_terms = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("submitted signature")
        verbose_name_plural = _("submitted signatures")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.organisation_name} ({self.reference})"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        from .matching import match_terms

        self.match_terms = match_terms([self.organisation_name])
        return super().save(*args, **kwargs)


# Letters and digits that cannot be misread for one another when read out on a phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    """A short reference the signer can quote: S-XXXX-XXXX."""
    letters = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"S-{letters[:4]}-{letters[4:]}"


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class DetectedSignatory(models.Model):
    """A name found in the trailing list of an imported post, proposed for an editor to confirm."""

    post = models.ForeignKey(PostPage, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("matched organisation"))
    state = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "position"]
        constraints = [models.UniqueConstraint(fields=["post", "position"], name="one_detected_name_per_place")]

    def __str__(self):
        return self.name


class AffiliationMatch(models.Model):
    """A person of concern's free-text affiliation matched to an organisation, for an editor to confirm."""

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliated")
    state = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "organisation"], name="one_match_per_pair")]

    def __str__(self):
        return f"{self.person} – {self.organisation}"


class Notice(models.Model):
    """When editors were last told of submissions waiting (at most one e-mail an hour)."""

    sent_at = models.DateTimeField()
    pending = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.sent_at:%Y-%m-%d %H:%M}: {self.pending}"


# Every sign-on request (refused floods included) starts here: its SQL is built once per database.
_link_by_digest = PreparedLookup(
    lambda digest: SignOnLink.objects.select_related("statement", "partner").filter(token_digest=digest)[:1],
    names=("digest",),
)
