"""Joint statements in the Wagtail admin: organisations, the moderation queue, the list's history."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from bayan.newsroom.models import PostPage

from . import (
    admin_views,
    affiliation_views,
    affiliations,
    detection_review,
    detection_views,
    editing_views,
    moderation,
    moderation_views,
    signatories,
)

# Organisations under the "Statements" menu (bayan/statements/admin_views.py).
register_snippet(admin_views.StatementsGroup)
hooks.register("register_admin_urls", moderation_views.admin_urls)
hooks.register("register_admin_urls", editing_views.admin_urls)
hooks.register("register_admin_urls", detection_views.admin_urls)
hooks.register("register_admin_urls", affiliation_views.admin_urls)
# The post editor says whether the post is a joint statement and leads to its screen.
PostPage.content_panels = [*PostPage.content_panels, editing_views.JointStatementPanel()]
hooks.register("register_admin_menu_item", moderation_views.menu_item)
hooks.register("register_admin_menu_item", detection_views.menu_item)
hooks.register("register_admin_menu_item", affiliation_views.menu_item)
hooks.register("register_log_actions", signatories.register_log_actions)
hooks.register("register_log_actions", moderation.register_log_actions)
hooks.register("register_log_actions", detection_review.register_log_actions)
hooks.register("register_log_actions", affiliations.register_log_actions)
