"""Which of the API's resources a change touches: named when the change is written, widened when it is read.

Written (``register_change_resources``): each row of the change log names the resources its
row belongs to, found while the row still exists, so a removed signatory still names its
statement and a removed tag link its tag. A post's own entries carry its id (``post_id``).

Read (``touched_by_posts``): a post's change may also change what readers see of its tags,
category, authors, persons, statement and that statement's signers (a tag appears with its
first public post, a statement with its post's publication), so the feed widens each post to
those. Whether each is upserted or deleted is decided by the readers' rule when the feed is
read (``public.py``).
"""

from collections import defaultdict

from bayan.cases.models import Event, LinkState, PostPerson
from bayan.newsroom.models import PostPage, TaggedPost
from bayan.pagecache.invalidation import register_resources
from bayan.statements.models import Signatory, Statement


def _statements_of_post(post):
    return [("statement", pk) for pk in Statement.objects.filter(translation_key=post.translation_key)
            .values_list("pk", flat=True)]


FINDERS = {
    "newsroom.tag": lambda row: [("tag", row.pk)],
    "newsroom.category": lambda row: [("category", row.pk)],
    "newsroom.author": lambda row: [("author", row.pk)],
    "newsroom.authorname": lambda row: [("author", row.author_id)],
    "newsroom.taggedpost": lambda row: [("tag", row.tag_id)],
    "newsroom.postpage_authors": lambda row: [("author", row.author_id)],
    "newsroom.postpage_other_categories": lambda row: [("category", row.category_id)],
    # A post's statement is found while the post exists: deleting the post leaves the statement with none.
    "newsroom.postpage": _statements_of_post,
    "cases.person": lambda row: [("person", row.pk)],
    "cases.person_roles": lambda row: [("person", row.person_id)],
    "cases.event": lambda row: [("event", row.pk)],
    "cases.event_persons": lambda row: [("event", row.event_id), ("person", row.person_id)],
    "cases.eventsource": lambda row: [("event", row.event_id)],
    "cases.postperson": lambda row: [("person", row.person_id)],
    "statements.organisation": lambda row: [("organisation", row.pk)],
    "statements.statement": lambda row: [("statement", row.pk)],
    "statements.signatory": lambda row: [("statement", row.statement_id), ("organisation", row.organisation_id)],
}


def register_change_resources():
    """Have the change log name the API's resources of every row it records (called when the app starts)."""
    for label, finder in FINDERS.items():
        register_resources(label, finder)


def touched_by_posts(post_ids):
    """``{post id: [(kind, id), ...]}``: these posts' tags, categories, authors, persons, statement and its signers."""
    touched = defaultdict(list)
    ids = list(post_ids)
    if not ids:
        return touched
    rows = PostPage.objects.filter(pk__in=ids).values_list("pk", "category_id", "translation_key")
    keys = {}
    for pk, category_id, key in rows:
        if category_id:
            touched[pk].append(("category", category_id))
        keys[key] = pk
    for post_id, tag_id in TaggedPost.objects.filter(content_object_id__in=ids).values_list("content_object_id",
                                                                                             "tag_id"):
        touched[post_id].append(("tag", tag_id))
    for post_id, author_id in PostPage.authors.through.objects.filter(postpage_id__in=ids).values_list(
            "postpage_id", "author_id"):
        touched[post_id].append(("author", author_id))
    for post_id, category_id in PostPage.other_categories.through.objects.filter(postpage_id__in=ids).values_list(
            "postpage_id", "category_id"):
        touched[post_id].append(("category", category_id))
    for post_id, person_id in PostPerson.objects.filter(post_id__in=ids, state=LinkState.LINKED).values_list(
            "post_id", "person_id"):
        touched[post_id].append(("person", person_id))
    statements = dict(Statement.objects.filter(translation_key__in=list(keys)).values_list("pk", "translation_key"))
    for statement_id, key in statements.items():
        touched[keys[key]].append(("statement", statement_id))
    for statement_id, organisation_id in Signatory.objects.filter(
            statement_id__in=list(statements), organisation__isnull=False).values_list("statement_id",
                                                                                      "organisation_id"):
        touched[keys[statements[statement_id]]].append(("organisation", organisation_id))
    return touched


def touched_by_others(named):
    """``{(kind, id): [(kind, id), ...]}``: what else changes with the persons and organisations in ``named``.

    An event is public while one of its persons is, and names only public persons; a post lists
    its public persons; a statement names only public signers: a person's or an organisation's
    change is their change too.
    """
    persons = [pk for kind, pk in named if kind == "person"]
    organisations = [pk for kind, pk in named if kind == "organisation"]
    found = defaultdict(list)
    for start in range(0, len(persons), 2000):
        chunk = persons[start:start + 2000]
        for person_id, event_id in Event.persons.through.objects.filter(person_id__in=chunk).values_list(
                "person_id", "event_id"):
            found[("person", person_id)].append(("event", event_id))
        # A post lists the public persons it speaks of.
        for person_id, post_id in PostPerson.objects.filter(person_id__in=chunk, state=LinkState.LINKED).values_list(
                "person_id", "post_id"):
            found[("person", person_id)].append(("post", post_id))
    for start in range(0, len(organisations), 2000):
        for organisation_id, statement_id in Signatory.objects.filter(
                organisation_id__in=organisations[start:start + 2000]).values_list("organisation_id", "statement_id"):
            found[("organisation", organisation_id)].append(("statement", statement_id))
    return found
