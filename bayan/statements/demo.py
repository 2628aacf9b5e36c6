"""The demo's joint statements: sixty organisations, a dozen statements and who signed them, one open for signatures.

Listens to ``bayan.newsroom.signals.demo_built`` (after the case records' demo, whose persons
the statements' posts are linked to). Each statement is a post in English and its Arabic
translation, so both languages show the same list. The most recent one stays open: its
sign-on link's token exists only in the lines this hands back for ``bayan demo`` to print
(only the token's digest is stored), next to an expired link, and two signatures wait in
the moderation queue, one of them an organisation already known, typed in the other script.

Rows are written in bulk: the demo is built on every fresh checkout and in the browser tests.
"""

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from bayan.addresses import address_in
from bayan.cases.models import LinkState, Person, PostPerson
from bayan.newsroom.demo import PEOPLE, TAGS
from bayan.newsroom.models import Category
from bayan.newsroom.services import add_post, author_named, tag_named

from .demo_proposals import add_demo_proposals
from .demo_text import INDIVIDUALS, OPEN_STATEMENT, ORGANISATIONS, STATEMENTS, WAITING, text_of
from .matching import match_terms
from .models import Organisation, Signatory, SignOnLink, Statement, Submission, SubmissionState, Visibility

# The newsroom demo's "joint statement" tag, which every statement carries.
JOINT_STATEMENT_TAG = TAGS.index(("joint statement", "بيان مشترك"))
# The open statement was published this many days before the demo is built.
OPEN_SINCE_DAYS = 3


def add_demo_statements(sender, homes, **kwargs):
    """Organisations, statements and signatures; returns the lines ``bayan demo`` prints (the sign-on links)."""
    if not {"en", "ar"} <= set(homes):
        return []
    title, token, expired_token, writer = build_statements()
    return sign_on_lines(title, token, expired_token) + add_demo_proposals(writer)


@transaction.atomic
def build_statements():
    """The demo's statements: the open one's title, its link's token, an expired one's, and the posts' writer."""
    rng = random.Random(17)
    organisations = make_organisations()
    writer = _StatementWriter()
    for spec in STATEMENTS:
        published = timezone.make_aware(datetime.combine(date.fromisoformat(spec.when), time(9, 0)))
        statement = writer.publish(spec, published, freeze=True)
        sign(statement, spec, organisations, published.date(), rng)
    now = timezone.now()
    statement = writer.publish(OPEN_STATEMENT, now - timedelta(days=OPEN_SINCE_DAYS), freeze=False)
    sign(statement, OPEN_STATEMENT, organisations, (now - timedelta(days=OPEN_SINCE_DAYS)).date(), rng)
    writer.link_named_persons()
    return (OPEN_STATEMENT.title[0], *open_for_signatures(statement, now), writer)


def make_organisations():
    """The sixty organisations, in the order of ``ORGANISATIONS``, written at once."""
    taken = set(Organisation.objects.values_list("slug", flat=True))
    made = []
    for spec in ORGANISATIONS:
        organisation = Organisation(
            name_en=spec.name_en, name_ar=spec.name_ar, short_name_en=spec.short_en, short_name_ar=spec.short_ar,
            aliases="\n".join(spec.aliases), kind=spec.kind, country=spec.country,
            website=f"https://{spec.site}/" if spec.site else "",
            visibility=Visibility.INTERNAL if spec.internal else Visibility.PUBLIC)
        organisation.slug = _free_slug(slugify(spec.name_en) or slugify(spec.name_ar, allow_unicode=True), taken)
        # What Organisation.save() keeps, which bulk_create does not call.
        organisation.match_terms = match_terms(organisation.all_names())
        made.append(organisation)
    return Organisation.objects.bulk_create(made)


def _free_slug(base, taken):
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


class _StatementWriter:
    """Publishes the statements' posts in both languages and remembers which persons each names."""

    def __init__(self):
        english_categories = {category.slug: category.translation_key
                              for category in Category.objects.filter(locale__language_code="en")}
        key = english_categories.get("statement")
        self.categories = {language: Category.objects.filter(locale__language_code=language, translation_key=key)
                           .first() for language in ("en", "ar")}
        english, arabic = TAGS[JOINT_STATEMENT_TAG]
        english_tag = tag_named(english, language="en")
        self.tags = {"en": english_tag, "ar": tag_named(arabic, language="ar", translation_of=english_tag)}
        self.author = author_named("Communications", "communications", names={"ar": "قسم الإعلام"})
        self.named = []

    def publish(self, spec, published, *, freeze):
        """The statement of a new post and its translation; frozen at publication when ``freeze``."""
        texts = [text_of(spec, side) for side in (0, 1)]
        # The English title's first words and the year: the newsroom demo has headlines starting alike.
        slug = f"{slugify(' '.join(texts[0][0].split()[:7]))[:70].strip('-')}-{published:%Y}"
        first = None
        for language, (title, paragraphs) in zip(("en", "ar"), texts, strict=True):
            post = add_post(language, title, body="".join(f"<p>{escape(text)}</p>" for text in paragraphs),
                            date=published, slug=slug, category=self.categories[language],
                            tags=[self.tags[language]], authors=[self.author], translation_of=first)
            first = first or post
            self.named.append((post, spec.people))
        return Statement.objects.create(
            translation_key=first.translation_key, allows_individuals=bool(spec.individuals),
            freeze_at_publication=freeze, frozen_at=published if freeze else None)

    def link_named_persons(self):
        """Each post linked to the case records' persons it names, as the case records' demo links its own."""
        persons = dict(Person.objects.filter(name_en__in=[english for english, _arabic in PEOPLE])
                       .values_list("name_en", "pk"))
        PostPerson.objects.bulk_create(
            [PostPerson(post=post, person_id=persons[PEOPLE[index][0]], state=LinkState.LINKED)
             for post, people in self.named for index in people if PEOPLE[index][0] in persons],
            update_conflicts=True, unique_fields=["post", "person"], update_fields=["state"])


def sign(statement, spec, organisations, published_on, rng):
    """The statement's signatories: the centre first, other public organisations, unnamed partners, individuals.

    The last ``spec.late`` organisations signed after publication, on later days.
    """
    centre, *public = [organisation for organisation in organisations if organisation.is_public]
    internal = [organisation for organisation in organisations if not organisation.is_public]
    signers = [centre, *rng.sample(public, spec.signers - 1)]
    for partner in rng.sample(internal, spec.internal):
        signers.insert(rng.randrange(1, len(signers)), partner)
    rows = [Signatory(statement=statement, organisation=organisation, signed_on=published_on - timedelta(days=1))
            for organisation in signers]
    rows += [Signatory(statement=statement, individual_name=name, individual_title=title,
                       signed_on=published_on - timedelta(days=1))
             for name, title in rng.sample(INDIVIDUALS, spec.individuals)]
    late_day = published_on
    for row in rows[len(rows) - spec.late:]:
        late_day += timedelta(days=rng.randint(2, 12))
        row.after_publication, row.signed_on = True, late_day
    for place, row in enumerate(rows):
        row.sort_order = place
    Signatory.objects.bulk_create(rows)


def open_for_signatures(statement, now):
    """A usable sign-on link, an expired one, two confirmed submissions waiting; the two links' tokens."""
    link, token = SignOnLink.issue(statement, now + timedelta(days=settings.BAYAN_SIGNON_LINK_DAYS),
                                   label="Sent to partners by e-mail (demo)")
    _expired, expired_token = SignOnLink.issue(statement, now - timedelta(days=1),
                                               label="An earlier link, expired (demo)")
    for hours, fields in enumerate(WAITING, start=1):
        Submission.objects.create(statement=statement, link=link, state=SubmissionState.PENDING, consent=True,
                                  confirmed_at=now - timedelta(hours=hours), **fields)
    return token, expired_token


def sign_on_lines(title, token, expired_token):
    """What the operator needs to try the sign-on: the link in both languages, the expired one, the queue."""
    base = settings.BASE_URL
    return [
        f"Joint statement open for signatures: “{title}”. Its sign-on link, shown only once:",
        f"  {base}{address_in('en', 'signon:form', (('token', token),))}",
        f"  {base}{address_in('ar', 'signon:form', (('token', token),))}",
        f"An expired link (answers 410): {base}{address_in('en', 'signon:form', (('token', expired_token),))}",
        f"{len(WAITING)} signatures wait in the moderation queue: {base}{reverse('statements_queue')}",
    ]
