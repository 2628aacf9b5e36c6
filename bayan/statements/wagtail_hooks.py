"""Joint statements in the Wagtail admin: organisations, statements' screens, the moderation queue."""

from wagtail import hooks

from . import moderation, signatories

hooks.register("register_log_actions", signatories.register_log_actions)
hooks.register("register_log_actions", moderation.register_log_actions)
