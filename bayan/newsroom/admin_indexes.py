"""Wagtail's two indexes of the admin (its page search, and the reference index behind "usage"), kept for posts.

Wagtail updates both on every save of a page. Creating a published post saves it three times
(placed in the tree, its first revision, its publication), and each update rewrote the same
rows: about a third of the time it takes to add a post. Inside ``written_once`` both wait,
and each page saved meanwhile is indexed once, with what it holds at the end of the block.

Posts and standard pages leave modelsearch's own signal handlers (``search_auto_update =
False`` on the two models) for the ones below, which are the same but for that pause; everywhere
else (the admin's editing, a move, a deletion) every save is indexed as before.
"""

from contextlib import contextmanager

from asgiref.local import Local
from modelsearch import index
from modelsearch import signal_handlers as modelsearch_handlers
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

# Per thread (and per asynchronous context): one editor's bulk step never pauses another's save.
_waiting = Local()


def _pages_waiting():
    return getattr(_waiting, "search", None)


def index_saved_page(sender, instance, raw=False, **kwargs):
    """modelsearch's handler of a save, or, inside ``written_once``, a note to index the page when the block ends."""
    waiting = _pages_waiting()
    if waiting is None:
        modelsearch_handlers.post_save_signal_handler(instance, raw=raw, **kwargs)
    elif not raw:
        waiting.add((type(instance), instance.pk))


def unindex_deleted_page(sender, instance, **kwargs):
    """modelsearch's handler of a deletion (a page deleted inside ``written_once`` is not indexed afterwards)."""
    waiting = _pages_waiting()
    if waiting is not None:
        waiting.discard((type(instance), instance.pk))
    modelsearch_handlers.post_delete_signal_handler(instance, **kwargs)


def note_saved_reference_holder(sender, instance, raw=False, **kwargs):
    """Inside ``written_once``, where Wagtail's own handler is paused: note an object whose references it tracks."""
    waiting = getattr(_waiting, "references", None)
    if waiting is not None and not raw and type(instance) in ReferenceIndex.tracked_models:
        waiting.add((type(instance), instance.pk))


def forget_deleted_reference_holder(sender, instance, **kwargs):
    """Inside ``written_once``: what Wagtail's paused handler does for a deletion, at once."""
    waiting = getattr(_waiting, "references", None)
    if waiting is not None and type(instance) in ReferenceIndex.tracked_models:
        waiting.discard((type(instance), instance.pk))
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)


@contextmanager
def written_once(*, search=True, references=True):
    """Index what is saved inside the block once, when it ends: pages for the admin's search, and every object
    Wagtail's reference index tracks.

    ``search=False`` leaves the admin's search to the caller (an import adds each batch at
    once); ``references=False`` leaves the reference index to ``bayan rebuild_references_index``
    (an import of thousands of posts). A block inside another is part of it: the outermost's
    choices hold, and it indexes when it ends. When the block raises, nothing is indexed: its
    writes are rolled back with the transaction.
    """
    if _pages_waiting() is not None:
        yield
        return
    _waiting.search, _waiting.references = pages, holders = set(), (set() if references else None)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _waiting.search = _waiting.references = None
    for instance in _as_stored(pages if search else ()):
        index.insert_or_update_object(instance)
    for instance in _as_stored(holders or ()):
        ReferenceIndex.create_or_update_for_object(instance)


def _as_stored(keys):
    """The objects of ``keys`` (model, primary key) as stored now, one statement per model (the deleted left out)."""
    wanted = {}
    for model, pk in keys:
        wanted.setdefault(model, []).append(pk)
    return [instance for model, pks in wanted.items() for instance in model.objects.filter(pk__in=pks).order_by("pk")]
