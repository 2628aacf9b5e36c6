"""Every model either starts a new generation when a row is saved or deleted, or says why it never reaches a reader.

A model a later app adds (a person of concern, a signatory, a mirror's setting) fails
here until it has a factory below, and then it is watched like every other; or until it
is listed in ``UNSEEN_BY_READERS`` with its reason.
"""

import io
import itertools

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage
from taggit.models import Tag as TaggitTag
from taggit.models import TaggedItem
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction, Site

from bayan.archives.models import Listing, ListingEntry
from bayan.cases.models import EventSource, PostPerson, Role
from bayan.cases.tests.factories import make_event, make_person
from bayan.identity.models import Identity, IdentityText, ProfileLink
from bayan.navigation.models import Menu, MenuItem
from bayan.newsroom.models import Author, AuthorName, BinPage, Category, HomePage, StandardPage, Tag, TaggedPost
from bayan.newsroom.services import home_for
from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.invalidation import UNSEEN_BY_READERS, is_seen_by_readers
from bayan.search.models import SearchDocument, SearchEquivalent
from bayan.statements.models import AffiliationMatch, Signatory
from bayan.statements.tests.factories import make_organisation, make_statement
from bayan.wxr.models import ImportedComment, ImportedItem

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def row(create, **dependencies):
    """A factory: the row's dependencies are made first (each by its callable), the row by the callable returned.

    Kept apart so that the generation is read between the two: a dependency's own change must not count.
    """

    def prepare():
        made = {name: make() for name, make in dependencies.items()}
        return lambda: create(**made)

    return prepare


class Relation:
    """A row of a many-to-many table, added and removed as the admin does it (those rows send no save signal)."""

    def __init__(self, owner, field, target, publish=False):
        self.owner, self.field, self.target, self.publish = owner, field, target, publish
        self._change("add")

    def _change(self, action):
        getattr(getattr(self.owner, self.field), action)(self.target)
        if self.publish:
            # A post's relations are kept with the post until it is saved (modelcluster), as in the admin.
            self.owner.save_revision().publish()

    def delete(self):
        self._change("remove")


class SavedRelation(Relation):
    """A row of a many-to-many table that modelcluster keeps with its owner until the owner is saved."""

    def _change(self, action):
        super()._change(action)
        self.owner.save()


def _group():
    return Group.objects.create(name=f"Group {next(_numbers)}")


def _collection():
    return Collection.get_first_root_node().add_child(name=f"Collection {next(_numbers)}")


def _png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="red.png")


def _restriction():
    return PageViewRestriction.objects.create(page=make_post(), restriction_type="password", password="secret")


def _collection_restriction():
    return CollectionViewRestriction.objects.create(collection=_collection(), restriction_type="password",
                                                    password="secret")


def _listing():
    return Listing.objects.create(language="en", kind=Listing.TAG, subject_id=next(_numbers))


def _tag():
    return Tag.objects.create(name=f"Tag {next(_numbers)}", slug=f"tag-{next(_numbers)}", locale=_english())


def _author():
    return Author.objects.create(name="A. Writer", slug=f"writer-{next(_numbers)}")


def _english():
    return Locale.objects.get(language_code="en")


def _child(parent, instance):
    return parent.add_child(instance=instance)


def _english_home():
    return home_for("en")


def _root():
    return Page.get_first_root_node()


def _legacy_tag():
    return TaggitTag.objects.create(name=f"Legacy {next(_numbers)}", slug=f"legacy-{next(_numbers)}")


# How each model readers may see gets a saved row, made as the model's own code makes it.
FACTORIES = {
    "newsroom.tag": row(_tag),
    "newsroom.taggedpost": row(TaggedPost.objects.create, content_object=make_post, tag=_tag),
    "newsroom.category": row(lambda locale: Category.objects.create(
        name="Reports", slug=f"reports-{next(_numbers)}", locale=locale), locale=_english),
    "newsroom.author": row(_author),
    "navigation.menu": row(lambda: Menu.objects.create(language="en", place=Menu.FOOTER)),
    "navigation.menuitem": row(lambda menu: MenuItem.objects.create(menu=menu, label="Latest", address="/en/"),
                               menu=lambda: Menu.objects.create(language="ar", place=Menu.HEADER)),
    "newsroom.authorname": row(lambda author: AuthorName.objects.create(author=author, language="ar", name="كاتب"),
                               author=_author),
    "newsroom.homepage": row(lambda parent: _child(parent, HomePage(title="Another home", slug="another")),
                             parent=_root),
    "newsroom.postpage": row(make_post),
    "newsroom.postpage_authors": row(lambda post, author: Relation(post, "authors", author, publish=True),
                                     post=make_post, author=_author),
    "newsroom.postpage_other_categories": row(
        lambda post, category: Relation(post, "other_categories", category, publish=True), post=make_post,
        category=lambda: Category.objects.filter(locale__language_code="en").first()),
    "newsroom.standardpage": row(lambda parent: _child(parent, StandardPage(title="About us", slug="about")),
                                 parent=_english_home),
    "newsroom.binpage": row(lambda parent: _child(parent, BinPage(title="Bin", slug="another-bin")), parent=_root),
    "identity.identity": row(lambda: Identity.objects.create(email="desk@example.org")),
    "identity.identitytext": row(lambda identity: IdentityText.objects.create(
        identity=identity, language="en", name="Watch Centre"), identity=lambda: Identity.objects.create()),
    "identity.profilelink": row(lambda identity: ProfileLink.objects.create(
        identity=identity, label="Mastodon", url="https://social.example.org/@w"),
        identity=lambda: Identity.objects.create()),
    "archives.listing": row(_listing),
    "archives.listingentry": row(lambda listing, post: ListingEntry.objects.create(
        listing=listing, post=post, date=timezone.now(), position=1), listing=_listing, post=make_post),
    "wxr.importeditem": row(lambda: ImportedItem.objects.create(source="export", kind="post", wp_id="7")),
    "wxr.importedcomment": row(lambda page: ImportedComment.objects.create(source="export", wp_id="8", page=page),
                               page=make_post),
    "bayan_search.searchdocument": row(lambda post: SearchDocument.objects.create(
        page_id=post.pk, language="en", date=timezone.now(), year=2026), post=lambda: make_post(live=False)),
    "bayan_search.searchequivalent": row(lambda: SearchEquivalent.objects.create(label="Names", words="one\nanother")),
    "wagtailredirects.redirect": row(lambda: Redirect.objects.create(old_path="/old", redirect_link="/en/")),
    "wagtaildocs.document": row(lambda: Document.objects.create(title="Report", file=ContentFile(b"%PDF", "r.pdf"))),
    "wagtailimages.image": row(lambda: Image.objects.create(title="Photo", file=_png(), width=4, height=4)),
    "wagtailcore.locale": row(lambda: Locale.objects.create(language_code="fr")),
    "wagtailcore.site": row(lambda root: Site.objects.create(hostname="other.example", root_page=root),
                            root=_english_home),
    "wagtailcore.collection": row(lambda root: root.add_child(name="Private"), root=Collection.get_first_root_node),
    "wagtailcore.collectionviewrestriction": row(lambda collection: CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="secret"), collection=_collection),
    "wagtailcore.collectionviewrestriction_groups": row(
        lambda restriction, group: Relation(restriction, "groups", group), restriction=_collection_restriction,
        group=_group),
    "wagtailcore.page": row(lambda parent: _child(parent, Page(title="Plain page", slug="plain")),
                            parent=_english_home),
    "wagtailcore.pageviewrestriction": row(lambda page: PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="secret"), page=make_post),
    "wagtailcore.pageviewrestriction_groups": row(
        lambda restriction, group: Relation(restriction, "groups", group), restriction=_restriction, group=_group),
    "cases.role": row(lambda: Role.objects.create(slug=f"role-{next(_numbers)}", name_en="Poet", name_ar="شاعر")),
    "cases.person": row(make_person),
    "cases.person_roles": row(lambda person: Relation(person, "roles", Role.objects.first()), person=make_person),
    "cases.event": row(lambda person: make_event("arrested", "2020-01-02", person), person=make_person),
    "cases.event_persons": row(lambda event, person: SavedRelation(event, "persons", person),
                               event=lambda: make_event("arrested", "2020-01-02"), person=make_person),
    "cases.eventsource": row(lambda event: EventSource.objects.create(event=event, url="https://example.org/a"),
                             event=lambda: make_event("released", "2021-01-02")),
    "cases.postperson": row(lambda post, person: PostPerson.objects.create(post=post, person=person),
                            post=make_post, person=make_person),
    "statements.organisation": row(make_organisation),
    "statements.statement": row(lambda post: make_statement(post), post=make_post),
    "statements.signatory": row(lambda statement, organisation: Signatory.objects.create(
        statement=statement, organisation=organisation), statement=make_statement, organisation=make_organisation),
    "statements.affiliationmatch": row(lambda person, organisation: AffiliationMatch.objects.create(
        person=person, organisation=organisation), person=make_person, organisation=make_organisation),
    "taggit.tag": row(_legacy_tag),
    "taggit.taggeditem": row(
        lambda tag, home: TaggedItem.objects.create(
            tag=tag, content_type=ContentType.objects.get_for_model(Page), object_id=home.pk),
        tag=_legacy_tag, home=_english_home),
}

ALL_MODELS = sorted(
    (model for model in apps.get_models(include_auto_created=True) if model._meta.managed),
    key=lambda model: model._meta.label_lower,
)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda model: model._meta.label_lower)
def test_saving_and_deleting_a_row_starts_a_new_generation_unless_readers_never_see_it(
    model, committed, generation_token,
):
    label = model._meta.label_lower
    if not is_seen_by_readers(model):
        assert UNSEEN_BY_READERS[label].strip(), f"{label} is listed as unseen by readers without a reason"
        return
    assert label in FACTORIES, (
        f"{label} is neither watched with a factory here nor listed in UNSEEN_BY_READERS with its reason")
    create = committed(FACTORIES[label])
    before = generation_token()
    instance = committed(create)
    assert isinstance(instance, Relation if model._meta.auto_created else model)
    saved = generation_token()
    assert saved != before, f"saving a {label} did not start a new generation"
    committed(instance.delete)
    assert generation_token() != saved, f"deleting a {label} did not start a new generation"


def test_every_model_listed_as_unseen_exists():
    labels = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}
    # Wagtail registers its SQLite full-text table only on SQLite.
    only_on_sqlite = {"wagtailsearch.sqliteftsindexentry"}
    assert set(UNSEEN_BY_READERS) - labels - only_on_sqlite == set()
