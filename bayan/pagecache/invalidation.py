"""When the cached pages stop being true: any change a reader could see starts a new generation.

The rule is inverted on purpose: a save or delete of *any* model's row starts a new
generation when its transaction commits, except the models listed in ``UNSEEN_BY_READERS``,
each with the reason it never reaches a reader page. A model added later (a case, a
signatory, a redirect, a setting) is therefore watched without anyone remembering to
watch it; ``tests/test_every_model_is_accounted_for.py`` fails for a model that neither
moves the generation nor is listed here.

Anything an anonymous visitor can cause to be written is on the list (sessions, sign-in
attempts, lock-out counters, last sign-in times, renditions and embeds made while a page
renders): otherwise every visitor could empty the cache.

Two changes come with no write at all: a post dated in the future coming into view, and
the day changing. Pages count days and list anniversaries from today in the site's time
zone (``TIME_ZONE``, set by ``BAYAN_TIME_ZONE``), so each generation is due to end at the
earlier of the next future post's date and the next midnight there (``due_at``).
"""

import uuid
from datetime import UTC, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
from django.dispatch import Signal
from django.utils import timezone

from bayan.database import read_datetime, reading_alias, reading_connection

from .models import ContentChange, ContentGeneration

UNSEEN_BY_READERS = {
    # Written by anonymous requests: none of them is shown on a reader page.
    "sessions.session": "a visitor's session; reader pages are stored only for visitors without one",
    "axes.accessattempt": "a failed sign-in, counted for lock-outs",
    "axes.accessfailurelog": "a failed sign-in, logged",
    "axes.accesslog": "a sign-in, logged",
    "axes.accessattemptexpiration": "when a lock-out ends",
    "auth.user": "accounts sign in to the admin; readers see authors (newsroom.author), never accounts",
    "otp_totp.totpdevice": "a second factor; its counters move at each sign-in",
    "otp_static.staticdevice": "a second factor",
    "otp_static.statictoken": "a one-time recovery code",
    "wagtailimages.rendition": "a resized copy of an image, made while a page renders; the image's own "
                               "save starts the generation",
    "wagtailembeds.embed": "an embed's answer kept while a page renders; the page holding it starts the generation",
    # The admin's own bookkeeping: what readers see changes only when a page is published or saved.
    "wagtailcore.revision": "an edit's history; publishing saves the page itself",
    "wagtailcore.pagelogentry": "the admin's history of a page",
    "wagtailcore.modellogentry": "the admin's history of a snippet",
    "wagtailcore.comment": "editors' comments on a draft",
    "wagtailcore.commentreply": "editors' comments on a draft",
    "wagtailcore.pagesubscription": "an editor's notification choice",
    "wagtailcore.workflow": "the approval workflow",
    "wagtailcore.workflowpage": "the approval workflow",
    "wagtailcore.workflowcontenttype": "the approval workflow",
    "wagtailcore.workflowtask": "the approval workflow",
    "wagtailcore.workflowstate": "the approval workflow",
    "wagtailcore.task": "the approval workflow",
    "wagtailcore.taskstate": "the approval workflow",
    "wagtailcore.groupapprovaltask": "the approval workflow",
    "wagtailcore.groupapprovaltask_groups": "the approval workflow",
    "wagtailcore.referenceindex": "the admin's index of what uses what",
    "wagtailcore.uploadedfile": "a file being uploaded in the admin, not yet a document or image",
    "wagtailcore.grouppagepermission": "editors' permissions",
    "wagtailcore.groupcollectionpermission": "editors' permissions",
    "wagtailcore.groupsitepermission": "editors' permissions",
    "wagtailcore.apitoken": "a token for the admin's API",
    "wagtailadmin.admin": "holds the permission to use the admin; it has no rows",
    "wagtailadmin.editingsession": "who is editing a page right now",
    "wagtailadmin.formstate": "an editor's unsaved form",
    "wagtailusers.userprofile": "an editor's admin preferences",
    "wagtailsearch.indexentry": "the admin's title search (readers' search is bayan_search)",
    "wagtailsearch.sqliteftsindexentry": "the admin's title search",
    "auth.permission": "editors' permissions",
    "auth.group": "editors' roles",
    "auth.group_permissions": "editors' roles",
    "auth.user_groups": "editors' roles",
    "auth.user_user_permissions": "editors' permissions",
    "accounts.twofactorrule": "which roles must use a second factor",
    "newsroom.schedulerlease": "which server process runs the scheduled jobs; the jobs' own writes are watched",
    "accounts.ratecount": "how often an address or a link used a public form, written by anonymous requests",
    # Joint statements: what waits for an editor is never shown; approving it writes a signatory.
    "statements.submission": "a signature waiting for its e-mail or an editor, written by anonymous requests; "
                             "readers see it only once approved, as a statements.signatory",
    "statements.signonlink": "a private address for signing; the sign-on page is never cached",
    "statements.detectedsignatory": "a name proposed from an imported post, until an editor accepts it",
    "statements.notice": "when editors were last told of signatures waiting",
    "contenttypes.contenttype": "Django's names for models, written by migrations",
    "newsroom.binentry": "where a deleted page goes back to; deleting or restoring the page itself "
                         "starts the generation",
    "bayan_search.searchchange": "the index's own log of changed documents, read by server processes",
    "bayan_search.searchpostings": "the index's own answers for its common terms, kept whole and corrected with its "
                                   "log before use: a search finds the same posts with or without them",
    "pagecache.contentgeneration": "the generation itself",
    "pagecache.contentchange": "the change log, written with each change it records",
    "pagecache.changelogstart": "how far the change log has been pruned",
    "django_tasks_database.dbtaskresult": "background work queued (a mirror's sync), which readers never see",
    "simple_translation.simpletranslation": "an admin screen's model; it has no rows",
    "api.announcedresource": "which resources readers could see at some moment, written after each change "
                             "the log records",
    "api.announcedupto": "how far the log has been read for those",
    "api.partnerkey": "a partner's key to the open data API: it sets how often a partner may ask, not what "
                      "any answer holds",
}


# Sent after a new generation started (the change behind it committed): copies of the site follow.
generation_started = Signal()

# Rows rewritten in bulk only as a consequence of changes the log already holds (a post's
# listing positions, its search document): their bulk signal adds nothing to the log.
DERIVED_FROM_LOGGED_CHANGES = {"archives.listingentry", "bayan_search.searchdocument"}


def start_new_generation():
    """Make every cached page stale, now and again at the next local midnight or future post, whichever is first."""
    from bayan.newsroom.models import PostPage

    now = timezone.now()
    future_dates = PostPage.objects.published().filter(date__gt=now).order_by("date").values_list("date", flat=True)
    due = min(filter(None, [future_dates.first(), next_midnight(now)]))
    updated = ContentGeneration.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=now, due_at=due)
    if not updated:
        ContentGeneration.objects.create(pk=1, changed_at=now, due_at=due)
    generation_started.send(sender=ContentGeneration)


def log_posts_come_due(since, now=None):
    """Log the posts that came into view since ``since`` by their date alone (no write showed them).

    Followers of the log (the mirror, the API's changes feed) then learn of an embargo's end as
    of any other change. Two processes may both log them: an entry more is harmless.
    """
    from bayan.newsroom.models import PostPage

    now = now or timezone.now()
    for post_id in PostPage.objects.published().filter(date__gt=since, date__lte=now).values_list("pk", flat=True):
        log_change("newsroom.postpage", post_id, post_id)


def next_midnight(now):
    """The first moment of the day after ``now`` in the site's time zone, in UTC.

    Where a change of clocks skips midnight, the moment the new day begins instead
    (``zoneinfo`` reads a skipped time with the offset in force before the change). In UTC
    because Python never finds a skipped local time equal to any other moment.
    """
    zone = timezone.get_default_timezone()
    tomorrow = timezone.localdate(now, zone) + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone).astimezone(UTC)


def current_generation():
    """The generation pages are cached under, moving on first if a future-dated post or a new day has come.

    Asked on every request the page cache or the replicas' router sees: read by a plain statement on the
    database the request reads, since building the query through the ORM took longer than a cached page.
    """
    generation = _generation_read()
    if generation is None or (generation.due_at and generation.due_at <= timezone.now()):
        if generation is not None:
            log_posts_come_due(generation.changed_at)
        start_new_generation()
        generation = ContentGeneration.objects.get(pk=1)
    return generation


_GENERATION_ROW = f"SELECT token, changed_at, due_at FROM {ContentGeneration._meta.db_table} WHERE id = 1"


def _generation_read():
    """The generation's row as the ORM would read it (``from_db``: an instance of the database read), or None."""
    with reading_connection().cursor() as cursor:
        cursor.execute(_GENERATION_ROW)
        row = cursor.fetchone()
    if row is None:
        return None
    token, changed_at, due_at = row
    token = token if isinstance(token, uuid.UUID) else uuid.UUID(token)  # hex text on SQLite
    return ContentGeneration.from_db(reading_alias.get(), ["id", "token", "changed_at", "due_at"],
                                     [1, token, read_datetime(changed_at),
                                      None if due_at is None else read_datetime(due_at)])


def current_token():
    """The current generation's token as hex, as ``current_generation()`` has it, in one plain query.

    Read on every reader request when the page cache is off (by what is held per generation),
    so it skips building a model instance.
    """
    return generation_now()[0]


def generation_now():
    """``(token as hex, when it began)`` of the current generation, in one plain query (``current_token``)."""
    # From the database this request reads (a replica serves a reader only once it holds this generation).
    with reading_connection().cursor() as cursor:
        cursor.execute(_GENERATION_ROW)
        row = cursor.fetchone()
    read = generation_of_columns(row)
    if read is None:
        generation = current_generation()
        return generation.token.hex, generation.changed_at
    return read


# The generation's token, start and end as columns of another statement (``PreparedLookup``'s ``beside``): a post
# page reads them with its post rather than in a statement of their own.
GENERATION_COLUMNS = tuple(f"(SELECT {column} FROM {ContentGeneration._meta.db_table} WHERE id = 1)"
                           for column in ("token", "changed_at", "due_at"))


# The generation's token alone, NULL when it has come due by the moment given as its parameter: one column for a
# statement of many rows (an archive page's), where the three of ``GENERATION_COLUMNS`` on each row cost a fifth
# of the statement's time in the application on PostgreSQL, reading two dates per row that only the first needs.
TOKEN_UNLESS_DUE = (f"(SELECT token FROM {ContentGeneration._meta.db_table} WHERE id = 1"
                    " AND (due_at IS NULL OR due_at > %s))")


def token_hex(token):
    """The token as hex from its column as read (a UUID, or hex text on SQLite), or None for NULL."""
    if token is None:
        return None
    return token.hex if isinstance(token, uuid.UUID) else uuid.UUID(token).hex


def token_of_columns(row):
    """The token as hex from a row of (token, changed_at, due_at) as read, or None when there is no generation yet
    or it has come due: ``current_generation()`` then starts the next one."""
    if row is None or (row[2] is not None and read_datetime(row[2]) <= timezone.now()):
        return None
    return token_hex(row[0])


def generation_of_columns(row):
    """``(token as hex, when it began)`` from such a row, or None as ``token_of_columns`` says."""
    token = token_of_columns(row)
    return None if token is None else (token, read_datetime(row[1]))


def schedule_new_generation():
    """Start a new generation once the current transaction commits (at once outside one).

    Only once per transaction, however many rows it writes; a rolled-back
    transaction drops the pending call with everything else.
    """
    if connection.in_atomic_block and any(
        callback is start_new_generation for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(start_new_generation)


def is_seen_by_readers(model):
    """Whether saving or deleting a row of ``model`` may change a reader page (see ``UNSEEN_BY_READERS``)."""
    meta = model._meta
    concrete = meta.concrete_model._meta if meta.proxy else meta
    return concrete.label_lower not in UNSEEN_BY_READERS


class _Migrating:
    """Whether ``migrate`` is running in this process: its writes are followed by one new generation at its end."""

    now = False


def post_of(instance):
    """The id of the post ``instance`` is or belongs to (through a foreign key to a page), else None."""
    from bayan.newsroom.models import PostPage

    if isinstance(instance, PostPage):
        return instance.pk
    for field in instance._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one) and issubclass(field.related_model, PostPage):
            return getattr(instance, field.attname)
    return None


# What each model's rows belong to among the open data API's resources: {model label: finder},
# a finder taking a row and returning [[resource type, id], ...]. Filled by the API app when it
# starts, so this app needs to know nothing of resources.
_resource_finders = {}


def register_resources(model_label, finder):
    """Have each change of ``model_label``'s rows name the resources ``finder(row)`` returns."""
    _resource_finders[model_label] = finder


def resources_of(model_label, instance):
    """The resources ``instance`` (a row of ``model_label``) belongs to, as registered; [] for none."""
    finder = _resource_finders.get(model_label)
    if finder is None or instance is None:
        return []
    return [[kind, found_id] for kind, found_id in finder(instance) if found_id is not None]


def log_change(model_label, object_id="", post_id=None, deleted=False, resources=()):
    """An entry in the change log, in the current transaction (see ``ContentChange``)."""
    ContentChange.objects.create(model=model_label, object_id=str(object_id)[:64], post_id=post_id, deleted=deleted,
                                 resources=list(resources))


def _on_change(sender, instance=None, raw=False, signal=None, **kwargs):
    # Fixture loading writes raw rows, and migrations write before the generation's table may exist.
    if raw or _Migrating.now or not hasattr(sender, "_meta"):
        return
    if is_seen_by_readers(sender):
        schedule_new_generation()
        if instance is not None:
            label = sender._meta.label_lower
            log_change(label, instance.pk, post_of(instance), deleted=signal is post_delete,
                       resources=resources_of(label, instance))


def _on_relations_change(sender, action, instance=None, model=None, pk_set=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not _Migrating.now and is_seen_by_readers(sender):
        schedule_new_generation()
        if instance is not None:
            label = instance._meta.label_lower
            resources = resources_of(label, instance)
            if model is not None:
                # The rows added or removed on the other side (an author taken off a post may lose its last post).
                for pk in sorted(pk_set or ()):
                    resources.extend(resources_of(model._meta.label_lower, model(pk=pk)))
            log_change(label, instance.pk, post_of(instance), resources=resources)


def _on_migrate_start(sender, **kwargs):
    _Migrating.now = True


def _on_migrate_end(sender, **kwargs):
    # post_migrate is sent once per app, after every migration has run: the first one starts the generation.
    if _Migrating.now:
        _Migrating.now = False
        schedule_new_generation()


def _on_bulk_change(sender, post_ids=None, resources=None, **kwargs):
    schedule_new_generation()
    if post_ids is not None:
        for post_id in post_ids:
            log_change("newsroom.postpage", post_id, post_id)
    elif resources is not None:
        # A bulk write that knows its rows (the case spreadsheets' import): one entry per resource.
        for kind, found_id in resources:
            log_change(f"resource.{kind}", found_id, resources=[[kind, found_id]])
    elif getattr(sender, "_meta", None) is None or sender._meta.label_lower not in DERIVED_FROM_LOGGED_CHANGES:
        log_change("*")


def connect():
    """Listen to saves, deletes and relation changes of every model, and to the newsroom's bulk signals."""
    from bayan.newsroom.signals import content_rewritten, posts_changed

    post_save.connect(_on_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_relations_change, dispatch_uid="pagecache-relations")
    posts_changed.connect(_on_bulk_change, dispatch_uid="pagecache-bulk")
    content_rewritten.connect(_on_bulk_change, dispatch_uid="pagecache-rewritten")
    pre_migrate.connect(_on_migrate_start, dispatch_uid="pagecache-migrate-start")
    post_migrate.connect(_on_migrate_end, dispatch_uid="pagecache-migrate-end")
