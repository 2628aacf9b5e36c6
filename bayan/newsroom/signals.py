"""Signals other apps listen to, so the newsroom need not know who keeps copies of its posts.

Wagtail's own ``page_published`` / ``page_unpublished`` / ``post_delete`` cover
edits made one page at a time in the admin. Code that writes many posts at once
without going through Wagtail's publishing (the WordPress importer's bulk path)
sends ``posts_changed`` once per batch instead, so that search indexes, caches
and the static mirror can bring themselves up to date.
"""

from django.dispatch import Signal

# Sent with ``post_ids``: the ids of posts created, changed or removed in one batch.
posts_changed = Signal()

# Sent when rows readers see were written in bulk, with no per-row signal: by a job (a rebuild, a
# restore, an import) when it ends, and by the archives' numbering and the search index after
# they write. Every copy of reader pages must be dropped. A job that knows which of the open
# data API's resources it wrote sends them as ``resources`` ([(type, id), ...]); else no arguments.
content_rewritten = Signal()

# Sent by ``bayan demo`` after it generated the demo's posts (only then: a demo already built is
# left alone), with ``homes``: {language code: that language's HomePage}. The apps above the
# newsroom (the organisation's identity, its menus, ...) fill in their part of the demo here. A receiver
# may return lines for the operator (a sign-on link, say), which ``bayan demo`` prints after the admin password.
demo_built = Signal()
